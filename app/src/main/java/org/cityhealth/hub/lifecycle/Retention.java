package org.cityhealth.hub.lifecycle;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.TieredStorage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retention and legal hold. A person's records may be purged only once every encounter's retention period has passed
 * (the first retention rule matching its class) and no legal hold is active; before that a purge is refused with the
 * reason, whoever asks, and the refusal is on the ledger like every hold, release and purge.
 */
@Service
class Retention {

    /** Far-future period ends (an open Period) are not an end: the encounter's start counts instead. */
    private static final Instant OPEN_END = Instant.parse("9000-01-01T00:00:00Z");

    /** Until when a person's records must be kept, and the rule and record that say so. */
    record Until(Instant until, String rule, String because) {
    }

    record Hold(long id, long personKey, String caseRef, String reason, String placedBy, Instant placedAt, String releasedBy,
                Instant releasedAt, String releaseReason) {
        boolean active() {
            return releasedAt == null;
        }
    }

    /** A purge or hold that the rules refuse; the message is the reason given to the caller. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    static final class UnknownPerson extends RuntimeException {
        UnknownPerson(long key) {
            super("no person " + key);
        }
    }

    private final JdbcTemplate jdbc;
    private final Lifecycle lifecycle;
    private final TieredStorage tiers;
    private final Ledger ledger;
    private final List<ObjectLifecycle> objectLifecycles;

    Retention(JdbcTemplate jdbc, Lifecycle lifecycle, TieredStorage tiers, Ledger ledger, List<ObjectLifecycle> objectLifecycles) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.tiers = tiers;
        this.ledger = ledger;
        this.objectLifecycles = objectLifecycles;
    }

    void requirePerson(long personKey) {
        Integer found = jdbc.queryForObject("select count(*) from person where person_key = ? and purged_at is null", Integer.class, personKey);
        if (found == null || found == 0) {
            throw new UnknownPerson(personKey);
        }
    }

    Until retainedUntil(long personKey) {
        List<Policy.RetentionRule> rules = lifecycle.policy().retention();
        Until[] longest = {new Until(Instant.EPOCH, null, "no records")};
        jdbc.query("""
                select r.res_id, r.date_lo, r.date_hi, r.last_updated, t.code from resource r
                left join search_token t on t.res_id = r.res_id and t.param = 'class'
                where r.person_key = ? and r.res_type = 'Encounter' and r.current_version and not r.deleted""", rs -> {
            Timestamp low = rs.getTimestamp(2);
            Timestamp high = rs.getTimestamp(3);
            Instant end = high != null && high.toInstant().isBefore(OPEN_END) ? high.toInstant()
                    : low != null ? low.toInstant() : rs.getTimestamp(4).toInstant();
            String encounterClass = rs.getString(5);
            for (Policy.RetentionRule rule : rules) {
                if (rule.encounterClasses().isEmpty() || encounterClass != null && rule.encounterClasses().contains(encounterClass)) {
                    Instant until = plusYears(end, rule.years());
                    if (until.isAfter(longest[0].until())) {
                        longest[0] = new Until(until, rule.name(), "Encounter/" + rs.getString(1) + " ended " + end);
                    }
                    break;
                }
            }
        }, personKey);
        // Records without an encounter are kept by the general rule from their own latest date.
        Optional<Policy.RetentionRule> general = rules.stream().filter(rule -> rule.encounterClasses().isEmpty()).findFirst();
        Timestamp latest = jdbc.queryForObject("""
                select max(case when date_lo is not null and date_lo < ? then date_lo else last_updated end) from resource
                where person_key = ? and current_version and not deleted""", Timestamp.class, Timestamp.from(Instant.now()), personKey);
        if (general.isPresent() && latest != null) {
            Instant until = plusYears(latest.toInstant(), general.get().years());
            if (until.isAfter(longest[0].until())) {
                longest[0] = new Until(until, general.get().name(), "latest record dated " + latest.toInstant());
            }
        }
        return longest[0];
    }

    List<Hold> holds(long personKey) {
        return jdbc.query(HOLD_SELECT + " where person_key = ? order by placed_at desc", Retention::hold, personKey);
    }

    List<Hold> activeHolds() {
        return jdbc.query(HOLD_SELECT + " where released_at is null order by placed_at desc", Retention::hold);
    }

    @Transactional
    Hold place(long personKey, String caseRef, String reason, LedgerEvent.Actor actor) {
        requirePerson(personKey);
        if (caseRef == null || caseRef.isBlank() || caseRef.length() > 100) {
            throw new IllegalArgumentException("caseRef is required (the case or order number, at most 100 characters)");
        }
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw new IllegalArgumentException("reason is required (at most 1000 characters)");
        }
        jdbc.update("insert into legal_hold (person_key, case_ref, reason, placed_by, placed_at) values (?,?,?,?,?)",
                personKey, caseRef.strip(), reason.strip(), actor.name(), Timestamp.from(Instant.now()));
        ledger.record(LedgerEvent.permit("storage.hold").by(actor).person(personKey).because(reason.strip()).detail("case", caseRef.strip()));
        return holds(personKey).get(0);
    }

    @Transactional
    Hold release(long holdId, String reason, LedgerEvent.Actor actor) {
        Hold hold = jdbc.query(HOLD_SELECT + " where id = ?", Retention::hold, holdId).stream().findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no legal hold " + holdId));
        if (!hold.active()) {
            throw new Refused("legal hold " + holdId + " was already released on " + hold.releasedAt());
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason is required to release a legal hold");
        }
        jdbc.update("update legal_hold set released_by = ?, released_at = ?, release_reason = ? where id = ?", actor.name(),
                Timestamp.from(Instant.now()), reason.strip(), holdId);
        ledger.record(LedgerEvent.permit("storage.hold-release").by(actor).person(hold.personKey()).because(reason.strip())
                .detail("hold", holdId).detail("case", hold.caseRef()));
        return jdbc.query(HOLD_SELECT + " where id = ?", Retention::hold, holdId).get(0);
    }

    /** Purges the person's records, or throws {@link Refused} (recorded as a denied purge) naming why not. */
    TieredStorage.Move purge(long personKey, String reason, LedgerEvent.Actor actor) {
        requirePerson(personKey);
        String refusal = null;
        List<Hold> active = holds(personKey).stream().filter(Hold::active).toList();
        Until until = retainedUntil(personKey);
        if (reason == null || reason.isBlank()) {
            refusal = "a reason is required to purge records";
        } else if (!active.isEmpty()) {
            refusal = "legal hold " + active.get(0).id() + " (case " + active.get(0).caseRef() + ") is active: records under hold are never purged";
        } else if (until.until().isAfter(Instant.now())) {
            refusal = "retention period has not passed: keep until " + LocalDate.ofInstant(until.until(), FhirDates.LOCAL_ZONE)
                    + " (rule " + until.rule() + ", " + until.because() + ")";
        }
        if (refusal != null) {
            recordRefusal(personKey, refusal, actor);
            throw new Refused(refusal);
        }
        int records = 0;
        long bytes = 0;
        for (ObjectLifecycle objects : objectLifecycles) {
            ObjectLifecycle.Moved purged = objects.purge(personKey, reason.strip(), actor);
            records += (int) purged.records();
            bytes += purged.bytesBefore();
        }
        TieredStorage.Move move = tiers.purge(personKey, reason.strip(), actor);
        return new TieredStorage.Move(move.records() + records, move.bytesBefore() + bytes, move.bytesAfter());
    }

    private void recordRefusal(long personKey, String refusal, LedgerEvent.Actor actor) {
        ledger.record(LedgerEvent.deny("storage.purge", refusal).by(actor).person(personKey));
    }

    Map<String, Object> view(long personKey) {
        Until until = retainedUntil(personKey);
        return Map.of("until", until.until().toString(), "rule", until.rule() == null ? "" : until.rule(), "because", until.because());
    }

    private static Instant plusYears(Instant instant, int years) {
        return ZonedDateTime.ofInstant(instant, FhirDates.LOCAL_ZONE).plusYears(years).toInstant();
    }

    private static final String HOLD_SELECT = """
            select id, person_key, case_ref, reason, placed_by, placed_at, released_by, released_at, release_reason from legal_hold""";

    private static Hold hold(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp released = rs.getTimestamp(8);
        return new Hold(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                rs.getString(7), released == null ? null : released.toInstant(), rs.getString(9));
    }
}
