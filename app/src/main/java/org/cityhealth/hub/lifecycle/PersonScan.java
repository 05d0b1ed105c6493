package org.cityhealth.hub.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.Tier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Reads what the tier rules need about a batch of persons, with a handful of range queries per batch. */
@Component
class PersonScan {

    /** A person with their resources. */
    record Scanned(Facts.Person person, List<Facts.Resource> resources) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper = new ObjectMapper();

    PersonScan(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Persons with clinical records, in key order after {@code afterKey}. */
    List<Long> persons(long afterKey, int limit) {
        return jdbc.queryForList("""
                select person_key from person where person_key > ? and merged_into is null and purged_at is null
                order by person_key limit ?""", Long.class, afterKey, limit);
    }

    long personCount() {
        return jdbc.queryForObject("select count(*) from person where merged_into is null and purged_at is null", Long.class);
    }

    List<Scanned> scan(List<Long> persons, Instant asOf, boolean withTokens, LocalDate readsSince) {
        if (persons.isEmpty()) {
            return List.of();
        }
        long first = persons.get(0);
        long last = persons.get(persons.size() - 1);
        record Row(long person, String id, String type, String status, String source, Instant date, Instant updated, Tier tier,
                   long bytes, boolean current) {
        }
        Map<String, List<Row>> byResource = new LinkedHashMap<>();
        jdbc.query("""
                select r.person_key, r.res_id, r.res_type, r.status, s.code, r.date_lo, r.last_updated, r.tier,
                  coalesce(octet_length(r.body), octet_length(w.body), 0), r.current_version
                from resource r join source s on s.id = r.source_id
                left join resource_warm w on r.tier = 'W' and w.res_id = r.res_id and w.version = r.version
                where r.person_key between ? and ?""", rs -> {
            Timestamp date = rs.getTimestamp(6);
            Row row = new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    date == null ? null : date.toInstant(), rs.getTimestamp(7).toInstant(), Tier.of(rs.getString(8).charAt(0)),
                    rs.getLong(9), rs.getBoolean(10));
            byResource.computeIfAbsent(row.id(), id -> new ArrayList<>()).add(row);
        }, first, last);
        Map<String, Set<String>> tokens = withTokens ? tokens(byResource.keySet()) : Map.of();
        Map<Long, long[]> archived = new HashMap<>();
        jdbc.query("select person_key, sum(stored_bytes), sum(records) from cold_archive where state = 'ACTIVE' and person_key between ? and ? group by person_key",
                rs -> {
                    archived.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }, first, last);
        Map<Long, List<Facts.Resource>> resources = new HashMap<>();
        Map<Long, Instant> lastActivity = new HashMap<>();
        Map<Long, List<String>> patientIds = new HashMap<>();
        for (List<Row> versions : byResource.values()) {
            Row current = versions.stream().filter(Row::current).findFirst().orElse(versions.get(versions.size() - 1));
            long bytes = 0;
            for (Row version : versions) {
                if (version.tier() == Tier.COLD) {
                    long[] share = archived.get(version.person());
                    bytes += share == null || share[1] == 0 ? 0 : share[0] / share[1];
                } else {
                    bytes += version.bytes();
                }
            }
            Instant clinical = current.date() == null || current.date().isAfter(asOf) ? null : current.date();
            resources.computeIfAbsent(current.person(), key -> new ArrayList<>()).add(new Facts.Resource(current.id(), current.type(),
                    current.status(), current.source(), clinical, current.updated(), current.tier(), bytes,
                    tokens.getOrDefault(current.id(), Set.of())));
            if (clinical != null) {
                lastActivity.merge(current.person(), clinical, (a, b) -> a.isAfter(b) ? a : b);
            }
            if ("Patient".equals(current.type())) {
                patientIds.computeIfAbsent(current.person(), key -> new ArrayList<>()).add(current.id());
            }
        }
        Map<Long, Map<LocalDate, Integer>> reads = new HashMap<>();
        // Reads "as of" the evaluation day: a run as of an earlier day does not see the reads that came after it.
        jdbc.query("select person_key, read_day, reads from person_access where person_key between ? and ? and read_day >= ? and read_day <= ?", rs -> {
            reads.computeIfAbsent(rs.getLong(1), key -> new HashMap<>()).put(rs.getDate(2).toLocalDate(), rs.getInt(3));
        }, first, last, java.sql.Date.valueOf(readsSince), java.sql.Date.valueOf(asOf.atZone(FhirDates.LOCAL_ZONE).toLocalDate()));
        Map<Long, Instant> recalledUntil = new HashMap<>();
        jdbc.query("select person_key, recalled_until from person_storage where person_key between ? and ? and recalled_until is not null",
                rs -> {
                    recalledUntil.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                }, first, last);
        Map<Long, Instant> deceased = deceased(patientIds);
        Set<Long> wanted = new HashSet<>(persons);
        List<Scanned> scanned = new ArrayList<>();
        for (long person : persons) {
            if (!wanted.contains(person)) {
                continue;
            }
            scanned.add(new Scanned(new Facts.Person(person, reads.getOrDefault(person, Map.of()), deceased.get(person),
                    lastActivity.get(person), recalledUntil.get(person)), resources.getOrDefault(person, List.of())));
        }
        return scanned;
    }

    /** category and code tokens of the resources, as "category:system|code" and "category:code" (codes alike). */
    private Map<String, Set<String>> tokens(Set<String> ids) {
        Map<String, Set<String>> tokens = new HashMap<>();
        List<String> all = List.copyOf(ids);
        for (int start = 0; start < all.size(); start += 500) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + 500));
            jdbc.query("select res_id, param, system, code from search_token where res_id in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ") and param in ('category', 'code')", rs -> {
                Set<String> set = tokens.computeIfAbsent(rs.getString(1), id -> new HashSet<>());
                String system = rs.getString(3);
                set.add(rs.getString(2) + ":" + rs.getString(4));
                if (system != null) {
                    set.add(rs.getString(2) + ":" + system + "|" + rs.getString(4));
                }
            }, chunk.toArray());
        }
        return tokens;
    }

    /** When each person died, from their Patient resources (deceasedDateTime; deceasedBoolean alone counts from its last update). */
    private Map<Long, Instant> deceased(Map<Long, List<String>> patientIds) {
        Map<Long, Instant> deceased = new HashMap<>();
        Map<String, Long> personOf = new HashMap<>();
        patientIds.forEach((person, ids) -> ids.forEach(id -> personOf.put(id, person)));
        List<String> all = List.copyOf(personOf.keySet());
        for (int start = 0; start < all.size(); start += 500) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + 500));
            jdbc.query("select res_id, body, last_updated from resource where res_id in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))
                    + ") and current_version and not deleted and tier = 'H'", rs -> {
                Instant death = deathOf(rs.getBytes(2), rs.getTimestamp(3).toInstant());
                if (death != null) {
                    deceased.merge(personOf.get(rs.getString(1)), death, (a, b) -> a.isBefore(b) ? a : b);
                }
            }, chunk.toArray());
        }
        return deceased;
    }

    private Instant deathOf(byte[] body, Instant updated) {
        try {
            JsonNode patient = mapper.readTree(body);
            JsonNode when = patient.path("deceasedDateTime");
            if (when.isTextual()) {
                return FhirDates.range(when.asText()).low();
            }
            return patient.path("deceasedBoolean").asBoolean(false) ? updated : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
