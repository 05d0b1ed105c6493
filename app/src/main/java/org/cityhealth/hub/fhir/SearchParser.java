package org.cityhealth.hub.fhir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.store.ContentTerms;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.SearchCriterion;
import org.cityhealth.hub.store.SearchParameters;
import org.cityhealth.hub.store.SearchRequest;

/**
 * Reads FHIR search parameters into a {@link SearchRequest}. Unknown parameters are refused (HTTP 400)
 * rather than silently ignored: a search that quietly drops a criterion returns other patients' data.
 */
final class SearchParser {

    /** Result parameters the hub honours; others such as {@code _include} are refused with a clear message. */
    private static final Set<String> CONTROL = Set.of("_count", "_offset", "_sort", "_total", "_format", "_summary", "_pretty");
    private static final Set<String> DATE_PREFIXES = Set.of("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap");

    private SearchParser() {
    }

    static SearchRequest parse(String type, Map<String, String[]> parameters, FhirSettings settings) {
        List<SearchCriterion> criteria = new ArrayList<>();
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (CONTROL.contains(name)) {
                continue;
            }
            String modifier = null;
            int colon = name.indexOf(':');
            if (colon > 0) {
                modifier = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
            String canonical = SearchParameters.canonical(type, name);
            if (canonical == null) {
                throw new FhirApiException(400, "not-supported", name,
                        "unknown or unsupported search parameter " + name + " for " + type);
            }
            if (modifier != null && !(canonical.equals("patient") && modifier.equals("Patient"))) {
                throw new FhirApiException(400, "not-supported", parameter.getKey(), "search modifier :" + modifier + " is not supported");
            }
            for (String value : parameter.getValue()) {
                criteria.add(criterion(type, canonical, name, value));
            }
        }
        int count = integer(parameters, "_count", settings.defaultPageSize());
        if (count < 0) {
            throw new FhirApiException(400, "invalid", "_count", "_count must not be negative");
        }
        count = Math.min(count, settings.maxPageSize());
        String summary = first(parameters, "_summary");
        if ("count".equals(summary)) {
            count = 0;
        }
        int offset = Math.max(0, integer(parameters, "_offset", 0));
        boolean total = !"none".equals(first(parameters, "_total"));
        return new SearchRequest(type, criteria, sort(type, first(parameters, "_sort")), count, offset, total || count == 0);
    }

    private static SearchCriterion criterion(String type, String canonical, String name, String value) {
        List<String> values = Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
        if (values.isEmpty()) {
            throw new FhirApiException(400, "invalid", name, "search parameter " + name + " has no value");
        }
        return switch (canonical) {
            case "_id" -> new SearchCriterion.Ids(values);
            case "patient" -> new SearchCriterion.Patients(values.stream().map(v -> v.startsWith("Patient/") ? v.substring(8) : v).toList());
            case "status" -> new SearchCriterion.Statuses(values);
            case "_lastUpdated" -> date(true, name, value);
            case ContentTerms.PARAM -> {
                List<List<String>> alternatives = values.stream().map(ContentTerms::query).toList();
                if (alternatives.stream().anyMatch(List::isEmpty)) {
                    throw new FhirApiException(400, "invalid", name, name + " needs a letter, digit or character to search for");
                }
                yield new SearchCriterion.Content(alternatives);
            }
            case "date" -> {
                if (!SearchParameters.hasDate(type)) {
                    throw new FhirApiException(400, "not-supported", name, type + " has no date search parameter");
                }
                yield date(false, name, value);
            }
            default -> new SearchCriterion.Tokens(canonical, values.stream().map(SearchParser::token).toList());
        };
    }

    private static SearchCriterion date(boolean lastUpdated, String name, String value) {
        String prefix = "eq";
        String date = value;
        if (value.length() > 2 && DATE_PREFIXES.contains(value.substring(0, 2))) {
            prefix = value.substring(0, 2);
            date = value.substring(2);
        }
        try {
            return new SearchCriterion.DateComparison(lastUpdated, prefix, FhirDates.range(date));
        } catch (IllegalArgumentException e) {
            throw new FhirApiException(400, "invalid", name, name + ": " + e.getMessage());
        }
    }

    private static SearchCriterion.Token token(String value) {
        int bar = value.indexOf('|');
        if (bar < 0) {
            return new SearchCriterion.Token(null, value);
        }
        String system = value.substring(0, bar);
        String code = value.substring(bar + 1);
        return new SearchCriterion.Token(system, code.isEmpty() ? null : code);
    }

    private static SearchRequest.Sort sort(String type, String sort) {
        if (sort == null || sort.isEmpty()) {
            return SearchRequest.Sort.ID;
        }
        return switch (sort) {
            case "_id" -> SearchRequest.Sort.ID;
            case "_lastUpdated" -> SearchRequest.Sort.LAST_UPDATED;
            case "-_lastUpdated" -> SearchRequest.Sort.LAST_UPDATED_DESC;
            case "date" -> SearchRequest.Sort.DATE;
            case "-date" -> SearchRequest.Sort.DATE_DESC;
            default -> throw new FhirApiException(400, "not-supported", "_sort", "_sort supports _id, _lastUpdated, date and their descending forms");
        };
    }

    static int integer(Map<String, String[]> parameters, String name, int fallback) {
        String value = first(parameters, name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new FhirApiException(400, "invalid", name, name + " must be a whole number");
        }
    }

    static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
