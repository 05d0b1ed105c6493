package org.cityhealth.hub.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves patients between persons: merge, unmerge, review links and re-link moves all come down to moving one
 * patient's records (the link, every resource version, the citizen account of an emptied person) in one
 * transaction, with an event and a ledger entry. A person emptied by a move points at where its records went.
 */
@Service
public class PersonMoves {

    private final JdbcTemplate jdbc;
    private final MpiEvents events;
    private final Ledger ledger;
    private final Pseudonyms pseudonyms;

    PersonMoves(JdbcTemplate jdbc, MpiEvents events, Ledger ledger, Pseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.events = events;
        this.ledger = ledger;
        this.pseudonyms = pseudonyms;
    }

    /** Who decided a move: the hub's rules, or a named person. */
    public record Decider(String name, LedgerEvent.Actor actor) {
        static final Decider HUB = new Decider(PersonIndex.HUB_ACTOR, LedgerEvent.Actor.HUB);

        /** The authenticated caller of the current request (the ledger reads it from the security context). */
        public static Decider caller(String name) {
            return new Decider(name, null);
        }

        /** An operator acting through a background job, where no request carries the caller. */
        public static Decider operator(String name) {
            return new Decider(name, new LedgerEvent.Actor(name, "OPERATOR", null));
        }
    }

    /** Moves one patient; a no-op when it is already there. */
    @Transactional
    public void move(String patientId, long toPerson, MpiEvents.Action action, LinkRule rule, String why, Double weight, Decider decider) {
        long from = jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, patientId);
        if (from == toPerson) {
            return;
        }
        jdbc.update("update patient_link set person_key = ?, link_rule = ? where patient_id = ?", toPerson, rule.name(), patientId);
        jdbc.update("update resource set person_key = ? where patient_id = ?", toPerson, patientId);
        events.add(action, patientId, from, toPerson, why, weight, decider.name(), null);
        settle(from, toPerson);
        ledger.record(LedgerEvent.permit("identity." + action.name().toLowerCase()).by(decider.actor()).person(toPerson)
                .touched(List.of(new LedgerEvent.Touched("Patient/" + patientId, null))).because(why).detail("from", pseudonyms.of(from)));
    }

    /** Moves every patient of {@code merged} to {@code survivor}; refused when they hold different resident IDs. */
    @Transactional
    public int merge(long survivor, long merged, String reason, Decider decider) {
        if (survivor == merged) {
            throw new MergeRefusedException("a person cannot be merged into itself");
        }
        requireLive(survivor);
        requireLive(merged);
        String a = residentIdOf(survivor);
        String b = residentIdOf(merged);
        if (a != null && b != null && !a.equals(b)) {
            throw new MergeRefusedException("the two persons hold different resident IDs");
        }
        List<String> patients = jdbc.queryForList("select patient_id from patient_link where person_key = ? order by patient_id", String.class, merged);
        for (String patient : patients) {
            move(patient, survivor, MpiEvents.Action.MERGE, LinkRule.DECIDED, reason, null, decider);
        }
        return patients.size();
    }

    /**
     * Takes a patient out of its person: back to the person it came from when that person was emptied by merging
     * it in, else to a new person. Returns the patient's person afterwards.
     */
    @Transactional
    public long unmerge(String patientId, String reason, Decider decider) {
        long current = jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, patientId);
        long others = jdbc.queryForObject("select count(*) from patient_link where person_key = ? and patient_id <> ?", Long.class, current, patientId);
        if (others == 0) {
            throw new MergeRefusedException("Patient/" + patientId + " is the only record of its person: nothing to unmerge");
        }
        Long previous = events.ofPatient(patientId).stream()
                .filter(e -> e.toPerson() != null && e.toPerson() == current && e.fromPerson() != null)
                .map(MpiEvents.Event::fromPerson).reduce((first, second) -> second).orElse(null);
        long target;
        if (previous != null && isEmptyAndMergedInto(previous, current)) {
            jdbc.update("update person set merged_into = null where person_key = ?", previous);
            target = previous;
        } else {
            target = newPerson();
        }
        move(patientId, target, MpiEvents.Action.UNMERGE, LinkRule.DECIDED, reason, null, decider);
        return target;
    }

    /** The person a merged person's records went to, following merges; empty for an unknown key. */
    Optional<Long> survivorOf(long personKey) {
        long current = personKey;
        for (int hops = 0; hops < 100; hops++) {
            List<Long> into = jdbc.query("select merged_into from person where person_key = ?", (rs, row) -> {
                long next = rs.getLong(1);
                return rs.wasNull() ? -1L : next;
            }, current);
            if (into.isEmpty()) {
                return Optional.empty();
            }
            if (into.get(0) < 0) {
                return Optional.of(current);
            }
            current = into.get(0);
        }
        return Optional.of(current);
    }

    long newPerson() {
        long key = jdbc.queryForObject("select nextval('person_key_seq')", Long.class);
        jdbc.update("insert into person (person_key, resident_id, created_at) values (?, null, ?)", key,
                java.sql.Timestamp.from(java.time.Instant.now()));
        return key;
    }

    /** The valid resident ID a person's records carry, when they carry exactly one. */
    String residentIdOf(long person) {
        List<String> ids = jdbc.queryForList("""
                select distinct r.resident_id from mpi_record r join patient_link l on l.patient_id = r.patient_id
                where l.person_key = ? and r.resident_id is not null""", String.class, person);
        return ids.size() == 1 ? ids.get(0) : null;
    }

    /** After a move: the emptied person points at the target; both persons carry their records' resident ID. */
    private void settle(long from, long to) {
        long left = jdbc.queryForObject("select count(*) from patient_link where person_key = ?", Long.class, from);
        if (left == 0) {
            jdbc.update("update person set merged_into = ?, resident_id = null where person_key = ?", to, from);
            // A citizen's account follows the person's records (the access module reads account.person_key).
            jdbc.update("update account set person_key = ? where person_key = ?", to, from);
        } else {
            jdbc.update("update person set resident_id = ? where person_key = ?", residentIdOf(from), from);
        }
        String id = residentIdOf(to);
        if (id != null) {
            jdbc.update("update person set resident_id = null where resident_id = ? and person_key <> ?", id, to);
        }
        jdbc.update("update person set resident_id = ?, merged_into = null where person_key = ?", id, to);
    }

    private boolean isEmptyAndMergedInto(long person, long into) {
        Map<String, Object> row = jdbc.queryForMap("select merged_into from person where person_key = ?", person);
        Object mergedInto = row.get("merged_into");
        return mergedInto != null && ((Number) mergedInto).longValue() == into
                && jdbc.queryForObject("select count(*) from patient_link where person_key = ?", Long.class, person) == 0;
    }

    private void requireLive(long person) {
        long survivor = survivorOf(person).orElseThrow(() -> new PersonNotFoundException(person));
        if (survivor != person) {
            throw new MergeRefusedException("person " + person + " was merged into person " + survivor);
        }
    }
}
