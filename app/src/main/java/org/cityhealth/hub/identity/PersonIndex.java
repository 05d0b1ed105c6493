package org.cityhealth.hub.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.ResidentId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Links source patients to hub persons. Safe under concurrent ingest: inserts race on unique keys, never on reads. */
@Service
public class PersonIndex {

    private static final int IN_CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final Ledger ledger;

    PersonIndex(JdbcTemplate jdbc, Ledger ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
    }

    /**
     * The person of a source patient, linking it on first sight: by resident ID when it has a valid one,
     * otherwise as a person of its own. An existing link is kept (re-linking is the master person index's job).
     */
    public long link(String patientId, long sourceId, String sourcePatientId, ResidentId residentId) {
        Optional<Long> existing = personOf(patientId);
        if (existing.isPresent()) {
            return existing.get();
        }
        long personKey;
        LinkRule rule;
        if (residentId != null) {
            jdbc.update("insert into person (person_key, resident_id, created_at) values (nextval('person_key_seq'), ?, ?) on conflict do nothing",
                    residentId.value(), Timestamp.from(Instant.now()));
            personKey = jdbc.queryForObject("select person_key from person where resident_id = ?", Long.class, residentId.value());
            rule = LinkRule.RESIDENT_ID;
        } else {
            personKey = jdbc.queryForObject("select nextval('person_key_seq')", Long.class);
            jdbc.update("insert into person (person_key, resident_id, created_at) values (?, null, ?)", personKey, Timestamp.from(Instant.now()));
            rule = LinkRule.SOURCE_PATIENT;
        }
        int linked = jdbc.update("""
                insert into patient_link (patient_id, person_key, source_id, source_patient_id, link_rule, linked_at)
                values (?,?,?,?,?,?) on conflict do nothing""",
                patientId, personKey, sourceId, sourcePatientId, rule.name(), Timestamp.from(Instant.now()));
        if (linked == 1) {
            // The hub's own rule decided, so the hub is the actor; the caller's transaction carries the entry.
            ledger.record(LedgerEvent.permit("identity.link").by(LedgerEvent.Actor.HUB).person(personKey)
                    .touched(List.of(new LedgerEvent.Touched("Patient/" + patientId, null))).because("rule " + rule.name())
                    .detail("source", sourceId));
        }
        return personOf(patientId).orElseThrow();
    }

    public Optional<Long> personOf(String patientId) {
        return jdbc.queryForList("select person_key from patient_link where patient_id = ?", Long.class, patientId).stream().findFirst();
    }

    /** Person keys of the patients that are linked; unknown patients are absent from the map. */
    public Map<String, Long> personsOf(Collection<String> patientIds) {
        Map<String, Long> persons = new HashMap<>();
        List<String> all = List.copyOf(patientIds);
        for (int start = 0; start < all.size(); start += IN_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + IN_CHUNK));
            jdbc.query("select patient_id, person_key from patient_link where patient_id in ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                    rs -> {
                        persons.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return persons;
    }

    public Optional<Long> personByResidentId(ResidentId residentId) {
        return jdbc.queryForList("select person_key from person where resident_id = ?", Long.class, residentId.value()).stream().findFirst();
    }

    public List<PatientLink> linksOf(long personKey) {
        return jdbc.query("select * from patient_link where person_key = ? order by linked_at", (rs, row) -> new PatientLink(
                rs.getString("patient_id"), rs.getLong("person_key"), rs.getLong("source_id"), rs.getString("source_patient_id"),
                LinkRule.valueOf(rs.getString("link_rule")), rs.getTimestamp("linked_at").toInstant()), personKey);
    }

    public long personCount() {
        return jdbc.queryForObject("select count(*) from person", Long.class);
    }

    /** The most recently linked persons, for browsing. */
    public List<Long> recentPersons(int limit) {
        return new ArrayList<>(jdbc.queryForList("select person_key from person order by person_key desc limit ?", Long.class, limit));
    }
}
