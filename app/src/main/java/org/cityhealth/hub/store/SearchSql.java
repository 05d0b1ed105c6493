package org.cityhealth.hub.store;

import java.sql.Timestamp;
import java.util.List;

/** Turns search criteria into a SQL condition on {@code resource r}; FHIR's date prefixes as range comparisons. */
final class SearchSql {

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
                case SearchCriterion.DateComparison date -> sql.append(" and ").append(date(date, args));
                case SearchCriterion.Tokens tokens -> {
                    sql.append(" and exists (select 1 from search_token t where t.res_type = r.res_type and t.res_id = r.res_id"
                            + " and t.param = ? and (");
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

    /** FHIR R4 §3.1.1.5.6 prefixes, with the resource's range [lo, hi) against the value's range [vlo, vhi). */
    private static String date(SearchCriterion.DateComparison date, List<Object> args) {
        String lo = date.lastUpdated() ? "r.last_updated" : "r.date_lo";
        String hi = date.lastUpdated() ? "r.last_updated" : "r.date_hi";
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
