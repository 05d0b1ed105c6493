package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.ingest.Rederivation.Candidate;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.ResourceStore;
import org.cityhealth.hub.store.SearchParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction and batch half of re-derivation: which entry wrote which hub resource, and its references rewritten
 * as {@code BundleProcessor.process} rewrote them. The hub ids come from the response the hub sent (entry i answers
 * request entry i): they are what ingest chose, random ones included, so {@code urn:uuid:} fullUrls map to the right
 * resources. BundleProcessor's rules (fullUrl, conditional and relative references) are private steps of a processing
 * that also writes, links persons and records to the ledger, and that file is being changed by others; so the few
 * mapping rules are restated here, each naming the method it mirrors, rather than refactored out of it. Whatever
 * they produce is verified by its hash, so a rule that drifted costs a repair, never a wrong body.
 */
final class RederivationBundles {

    private static final Logger log = LoggerFactory.getLogger(RederivationBundles.class);

    private final ResourceStore store;
    private final WritePlanner planner;
    private final FhirJson json;

    RederivationBundles(ResourceStore store, WritePlanner planner, FhirJson json) {
        this.store = store;
        this.planner = planner;
        this.json = json;
    }

    /** Where a request entry's response says it went; {@code written} when that response names the version written. */
    private record Located(String type, String hubId, boolean written, Instant lastModified) {
    }

    /** A request entry that wrote a resource, with the hub id it was written under. */
    private record Written(int index, String type, String hubId, ObjectNode resource, Instant lastModified) {
        boolean delete() {
            return resource == null;
        }
    }

    /** Candidates for the wanted resources ({@code Type/hubId}); {@code response} is null when the vault has none. */
    Map<String, List<Candidate>> candidates(Source source, JsonNode bundle, JsonNode response, Set<String> wanted) {
        ArrayNode entries = BundleProcessor.entries(bundle);
        String type = bundle.path("type").asText("");
        if (entries == null || !"transaction".equals(type) && !"batch".equals(type)) {
            return Map.of();
        }
        ArrayNode responses = response == null ? null : BundleProcessor.entries(response);
        if (response != null && (responses == null || responses.size() != entries.size())) {
            log.warn("the response of a {} does not answer its {} entries; only resources the source named can be re-derived",
                    type, entries.size());
            responses = null;
        }
        Map<String, List<Candidate>> candidates = new HashMap<>();
        if ("transaction".equals(type)) {
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                all.add(i);
            }
            unit(source, entries, responses, all, wanted, candidates);
        } else {
            // FhirIngest processes each batch entry on its own: its fullUrl and in-bundle matches see only itself.
            for (int i = 0; i < entries.size(); i++) {
                unit(source, entries, responses, List.of(i), wanted, candidates);
            }
        }
        return candidates;
    }

    /** One call of {@code BundleProcessor.process}: a whole transaction, or one batch entry. */
    private void unit(Source source, ArrayNode entries, ArrayNode responses, List<Integer> indexes, Set<String> wanted,
                      Map<String, List<Candidate>> candidates) {
        Map<String, String> fullUrls = new HashMap<>();
        List<Written> written = new ArrayList<>();
        for (int i : indexes) {
            JsonNode entry = entries.get(i);
            Located located = responses == null ? named(source, entry) : located(responses.get(i));
            if (located == null) {
                continue;
            }
            String fullUrl = entry.path("fullUrl").asText(null);
            if (fullUrl != null) {
                fullUrls.put(fullUrl, located.type() + "/" + located.hubId());
            }
            String method = entry.path("request").path("method").asText("");
            JsonNode resource = entry.path("resource");
            if (!located.written()) {
                continue;
            }
            if ("DELETE".equals(method)) {
                written.add(new Written(i, located.type(), located.hubId(), null, located.lastModified()));
            } else if (("POST".equals(method) || "PUT".equals(method)) && resource.isObject()) {
                written.add(new Written(i, located.type(), located.hubId(), (ObjectNode) resource, located.lastModified()));
            }
        }
        for (Written item : written) {
            String reference = item.type() + "/" + item.hubId();
            if (!wanted.contains(reference)) {
                continue;
            }
            ObjectNode resource = null;
            if (!item.delete()) {
                // Only a wanted resource is copied and rewritten; the in-bundle matches read the parsed entries, whose
                // identifiers (all they look at) rewriting leaves alone.
                resource = item.resource().deepCopy();
                try {
                    ReferenceRewriter.rewrite(resource, "Bundle.entry[" + item.index() + "].resource",
                            (target, location) -> resolve(source, target, location, fullUrls, written));
                } catch (IngestException e) {
                    log.debug("entry {} cannot be re-derived: {}: {}", item.index(), e.location(), e.getMessage());
                    continue;
                }
            }
            candidates.computeIfAbsent(reference, key -> new ArrayList<>())
                    .add(new Candidate(item.type(), item.hubId(), resource, item.lastModified()));
        }
    }

    /** {@code Type/hubId/_history/v} for a written entry, {@code Type/hubId} for one that wrote nothing, nothing for a failure. */
    private static Located located(JsonNode responseEntry) {
        JsonNode response = responseEntry.path("response");
        String location = response.path("location").asText(null);
        if (location == null) {
            return null;
        }
        String[] parts = location.split("/");
        boolean written = parts.length == 4 && "_history".equals(parts[2]);
        if (parts.length != 2 && !written) {
            return null;
        }
        Instant lastModified = null;
        if (written && response.path("lastModified").isTextual()) {
            try {
                lastModified = Instant.parse(response.path("lastModified").asText());
            } catch (DateTimeParseException e) {
                lastModified = null;
            }
        }
        return new Located(parts[0], parts[1], written, lastModified);
    }

    /**
     * Without a response, the hub id ingest gives a resource the source named ({@code BundleProcessor.process}: the
     * id of a POST or PUT, the criteria of a conditional create or update that matched nothing). A random id, or the
     * existing match of a conditional operation, cannot be known: such entries are left out.
     */
    private static Located named(Source source, JsonNode entry) {
        JsonNode request = entry.path("request");
        String method = request.path("method").asText("");
        String url = request.path("url").asText("");
        String type = url.split("[/?]", 2)[0];
        String bodyId = entry.path("resource").path("id").asText(null);
        String ifNoneExist = request.path("ifNoneExist").asText("");
        String sourceId = switch (method) {
            case "POST" -> bodyId != null ? bodyId : ifNoneExist.isBlank() ? null : "?" + criteria(ifNoneExist);
            case "PUT" -> url.contains("?") ? (bodyId != null ? bodyId : "?" + criteria(url)) : idFromUrl(url);
            case "DELETE" -> url.contains("?") ? null : idFromUrl(url);
            default -> null;
        };
        return sourceId == null || type.isEmpty() ? null : new Located(type, HubIds.forSource(source.code(), type, sourceId), true, null);
    }

    private static String idFromUrl(String url) {
        String[] parts = url.split("/");
        return parts.length == 2 ? parts[1] : null;
    }

    /** As {@code BundleProcessor.criteria}. */
    private static String criteria(String query) {
        return query.contains("?") ? query.substring(query.indexOf('?') + 1) : query;
    }

    /** As {@code BundleProcessor.resolve}, less the bookkeeping for {@code requireExisting} (the hash checks instead). */
    private String resolve(Source source, String reference, String location, Map<String, String> fullUrls, List<Written> written) {
        if (reference.startsWith("#") || reference.isEmpty()) {
            return reference;
        }
        String mapped = fullUrls.get(reference);
        if (mapped != null) {
            return mapped;
        }
        if (reference.startsWith("urn:uuid:") || reference.startsWith("urn:oid:")) {
            throw IngestException.invalid(location, "reference " + reference + " matches no fullUrl");
        }
        if (reference.startsWith("http://") || reference.startsWith("https://")) {
            return reference;
        }
        int question = reference.indexOf('?');
        if (question > 0) {
            String type = reference.substring(0, question);
            String query = reference.substring(question + 1);
            String match = conditionalInBundle(type, query, written);
            if (match == null) {
                match = conditional(source, type, query, location);
            }
            if (match == null) {
                throw IngestException.invalid(location, "conditional reference " + reference + " matches no single resource now");
            }
            return type + "/" + match;
        }
        String hubReference = planner.relative(source, reference);
        if (hubReference == null) {
            throw IngestException.invalid(location, "cannot read reference " + reference);
        }
        return hubReference;
    }

    /** As {@code BundleProcessor.conditionalInBundle}: identifier searches among the resources this unit wrote, in entry order. */
    private static String conditionalInBundle(String type, String query, List<Written> written) {
        if (!query.startsWith("identifier=") || query.contains("&")) {
            return null;
        }
        String value = URLDecoder.decode(query.substring("identifier=".length()), StandardCharsets.UTF_8);
        int bar = value.indexOf('|');
        String system = bar < 0 ? null : value.substring(0, bar);
        String code = bar < 0 ? value : value.substring(bar + 1);
        for (Written item : written) {
            if (item.delete() || !item.type().equals(type)) {
                continue;
            }
            for (JsonNode identifier : item.resource().path("identifier")) {
                if (code.equals(identifier.path("value").asText()) && (system == null || system.equals(identifier.path("system").asText()))) {
                    return item.hubId();
                }
            }
        }
        return null;
    }

    /**
     * As {@code BundleProcessor.conditional}, against the store as it is now rather than as it was then: a target
     * deleted since, or a second match added since, makes the entry unrepairable (null), never a different body.
     */
    private String conditional(Source source, String type, String query, String location) {
        if (!json.isResourceType(type)) {
            throw IngestException.invalid(location, "unknown resource type " + type);
        }
        Set<String> matches = null;
        for (String pair : criteria(query).split("&")) {
            int equals = pair.indexOf('=');
            if (equals < 1) {
                return null;
            }
            String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            List<String> ids;
            if ("_id".equals(name)) {
                ids = List.copyOf(store.currentVersions(type, List.of(HubIds.forSource(source.code(), type, value))).keySet());
            } else {
                String param = SearchParameters.canonical(type, name);
                if (!"identifier".equals(param) && !"code".equals(param)) {
                    return null;
                }
                int bar = value.indexOf('|');
                ids = bar < 0 ? store.idsByToken(type, param, null, value, source.id())
                        : store.idsByToken(type, param, value.substring(0, bar), value.substring(bar + 1), source.id());
            }
            if (matches == null) {
                matches = new HashSet<>(ids);
            } else {
                matches.retainAll(ids);
            }
        }
        return matches == null || matches.size() != 1 ? null : matches.iterator().next();
    }
}
