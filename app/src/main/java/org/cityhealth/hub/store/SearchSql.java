package org.cityhealth.hub.store;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns search criteria into a SQL condition on {@code resource r}, and for Observations also on {@code device_observation d};
 * FHIR's date prefixes as range comparisons.
 */
final class SearchSql {

    /** A search token of the row's resource with the parameter given (one argument); the caller adds the code condition. */
    private static final String TOKEN_EXISTS = "exists (select 1 from search_token t where t.res_type = r.res_type and t.res_id = r.res_id"
            + " and t.param = ?";

    private SearchSql() {
    }

    static String where(SearchRequest request, List<Object> args) {
        StringBuilder sql = new StringBuilder("r.res_type = ? and r.current_version and not r.deleted");
        args.add(request.type());
        for (SearchCriterion criterion : request.criteria()) {
            switch (criterion) {
                case SearchCriterion.Ids ids -> {
                    sql.append(" and r.res_id in (").append(ResourceStore.marks(ids.ids().size())).append(')');
                    args.addAll(ids.ids());
                }
                case SearchCriterion.Patients patients -> {
                    sql.append(" and r.patient_id in (").append(ResourceStore.marks(patients.patientIds().size())).append(')');
                    args.addAll(patients.patientIds());
                }
                case SearchCriterion.Statuses statuses -> {
                    sql.append(" and r.status in (").append(ResourceStore.marks(statuses.statuses().size())).append(')');
                    args.addAll(statuses.statuses());
                }
                case SearchCriterion.DateComparison date -> sql.append(" and ").append(date(date, args, "r"));
                case SearchCriterion.Content content -> {
                    List<String> alternatives = new ArrayList<>();
                    for (List<String> terms : content.alternatives()) {
                        List<String> all = new ArrayList<>();
                        for (String term : terms) {
                            all.add(TOKEN_EXISTS + " and t.code = ?)");
                            args.add(ContentTerms.PARAM);
                            args.add(term);
                        }
                        alternatives.add("(" + String.join(" and ", all) + ")");
                    }
                    sql.append(" and (").append(String.join(" or ", alternatives)).append(')');
                }
                case SearchCriterion.Tokens tokens -> {
                    sql.append(" and ").append(TOKEN_EXISTS).append(" and (");
                    args.add(tokens.param());
                    for (int i = 0; i < tokens.values().size(); i++) {
                        SearchCriterion.Token token = tokens.values().get(i);
                        sql.append(i == 0 ? "" : " or ");
                        if (token.code() == null) {
                            sql.append("t.system = ?");
                            args.add(token.system());
                        } else if (token.system() == null) {
                            sql.append("t.code = ?");
                            args.add(token.code());
                        } else if (token.system().isEmpty()) {
                            sql.append("(t.code = ? and t.system is null)");
                            args.add(token.code());
                        } else {
                            sql.append("(t.code = ? and t.system = ?)");
                            args.add(token.code());
                            args.add(token.system());
                        }
                    }
                    sql.append("))");
                }
            }
        }
        return sql.toString();
    }

    /**
     * A condition with its arguments; {@code oneRange} when it holds device observations of one patient only (a range of
     * the key), whose first n in id order are among their first n + {@link DeviceObservations#SLOTS} in key order.
     */
    record Condition(String sql, List<Object> args, boolean oneRange) {
        Condition(String sql, List<Object> args) {
            this(sql, args, false);
        }
    }

    /**
     * The same search as conditions on {@code device_observation d}, one per patient or id searched for (their rows are read as
     * ranges of the primary key, which a disjunction would turn into a scan of the table), or none when no device
     * observation can match it: another type, a parameter readings never carry, a status other than final.
     */
    static List<Condition> deviceWheres(SearchRequest request, DeviceObservations devices) {
        if (!DeviceObservations.TYPE.equals(request.type())) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("1 = 1");
        List<Object> args = new ArrayList<>();
        List<String> patients = null;
        List<String> ids = null;
        for (SearchCriterion criterion : request.criteria()) {
            switch (criterion) {
                case SearchCriterion.Ids wanted -> ids = ids == null ? List.copyOf(wanted.ids()) : ids.stream().filter(wanted.ids()::contains).toList();
                case SearchCriterion.Patients wanted -> patients = patients == null ? List.copyOf(wanted.patientIds())
                        : patients.stream().filter(wanted.patientIds()::contains).toList();
                case SearchCriterion.Statuses statuses -> {
                    // A device's reading is final when sent; it is never amended, only followed by the next one.
                    if (!statuses.statuses().contains("final")) {
                        return List.of();
                    }
                }
                case SearchCriterion.DateComparison date -> sql.append(" and ").append(date(date, args, "d"));
                case SearchCriterion.Content content -> {
                    // Readings hold no text.
                    return List.of();
                }
                case SearchCriterion.Tokens tokens -> {
                    String condition = switch (tokens.param()) {
                        case "code" -> anyOf(tokens, args, SearchSql::deviceCode);
                        case "category" -> anyOf(tokens, args, SearchSql::deviceCategory);
                        default -> null;
                    };
                    if (condition == null) {
                        return List.of();
                    }
                    sql.append(" and ").append(condition);
                }
            }
        }
        if (ids != null && ids.isEmpty() || patients != null && patients.isEmpty()) {
            return List.of();
        }
        // Each id and each patient is a range of the key, read as a query of its own (a disjunction of ranges would scan).
        List<Condition> ranges = new ArrayList<>();
        if (ids != null) {
            ids.stream().distinct().sorted().map(devices::ofId).flatMap(Optional::stream).forEach(ranges::add);
        } else if (patients != null) {
            patients.stream().distinct().sorted().forEach(patient -> devices.rangeOf(patient)
                    .ifPresent(range -> ranges.add(new Condition(DeviceObservations.IN_RANGE, range))));
        } else {
            return List.of(new Condition(sql.toString(), args));
        }
        List<Condition> conditions = new ArrayList<>();
        for (Condition range : ranges) {
            List<Object> withRange = new ArrayList<>(range.args());
            String condition = range.sql();
            if (ids != null && patients != null) {
                condition += " and d.patient_id in (" + ResourceStore.marks(patients.size()) + ")";
                withRange.addAll(patients);
            }
            withRange.addAll(args);
            conditions.add(new Condition(condition + " and " + sql, withRange, true));
        }
        return conditions;
    }

    private interface TokenCondition {
        /** The condition for one value, or null when no device observation can have it. */
        String of(SearchCriterion.Token token, List<Object> args);
    }

    private static String anyOf(SearchCriterion.Tokens tokens, List<Object> args, TokenCondition condition) {
        List<String> alternatives = new ArrayList<>();
        for (SearchCriterion.Token token : tokens.values()) {
            String one = condition.of(token, args);
            if (one != null) {
                alternatives.add(one);
            }
        }
        return alternatives.isEmpty() ? null : "(" + String.join(" or ", alternatives) + ")";
    }

    private static String deviceCode(SearchCriterion.Token token, List<Object> args) {
        if (token.system() != null && token.system().isEmpty()) {
            return null;
        }
        if (token.code() == null) {
            args.add(token.system());
            return "d.code_system = ?";
        }
        String codes = "(d.code = ? or d.code2 = ?)";
        if (token.system() == null) {
            args.add(token.code());
            args.add(token.code());
            return codes;
        }
        args.add(token.system());
        args.add(token.code());
        args.add(token.code());
        return "(d.code_system = ? and " + codes + ")";
    }

    private static String deviceCategory(SearchCriterion.Token token, List<Object> args) {
        if (token.system() != null && !token.system().equals(DeviceObservations.CATEGORY_SYSTEM)) {
            return null;
        }
        if (token.code() == null) {
            return "1 = 1";
        }
        args.add(token.code());
        return "d.category = ?";
    }

    /**
     * FHIR R4 §3.1.1.5.6 prefixes, with the row's range [lo, hi) against the value's range [vlo, vhi); the row is the
     * table aliased {@code table}, both of whose tables name the columns alike.
     */
    private static String date(SearchCriterion.DateComparison date, List<Object> args, String table) {
        String lo = table + (date.lastUpdated() ? ".last_updated" : ".date_lo");
        String hi = table + (date.lastUpdated() ? ".last_updated" : ".date_hi");
        Timestamp vlo = Timestamp.from(date.value().low());
        Timestamp vhi = Timestamp.from(date.value().high());
        switch (date.prefix()) {
            case "eq" -> {
                args.add(vlo);
                args.add(vhi);
                return date.lastUpdated() ? "(" + lo + " >= ? and " + hi + " < ?)" : "(" + lo + " >= ? and " + hi + " <= ?)";
            }
            case "ne" -> {
                args.add(vlo);
                args.add(vhi);
                return date.lastUpdated() ? "not (" + lo + " >= ? and " + hi + " < ?)" : "not (" + lo + " >= ? and " + hi + " <= ?)";
            }
            case "gt" -> {
                args.add(vhi);
                return hi + (date.lastUpdated() ? " >= ?" : " > ?");
            }
            case "ap" -> {
                args.add(vhi);
                args.add(vlo);
                return "(" + lo + " < ? and " + hi + (date.lastUpdated() ? " >= ?)" : " > ?)");
            }
            case "ge" -> {
                args.add(vlo);
                return hi + (date.lastUpdated() ? " >= ?" : " > ?");
            }
            case "lt" -> {
                args.add(vlo);
                return lo + " < ?";
            }
            case "le" -> {
                args.add(vhi);
                return lo + " < ?";
            }
            case "sa" -> {
                args.add(vhi);
                return lo + " >= ?";
            }
            case "eb" -> {
                args.add(vlo);
                return hi + (date.lastUpdated() ? " < ?" : " <= ?");
            }
            default -> throw new IllegalArgumentException("unknown date prefix " + date.prefix());
        }
    }
}
