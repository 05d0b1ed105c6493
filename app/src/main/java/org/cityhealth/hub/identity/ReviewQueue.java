package org.cityhealth.hub.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.identity.linkage.Matcher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pairs a person must decide: a patient (linked to a person of its own, or left where it was) against a candidate
 * person. A reviewer links (the persons merge) or separates (linking will not propose the pair again).
 */
@Service
public class ReviewQueue {

    /** Where a review stands. */
    public enum Status { OPEN, LINKED, SEPARATED, OBSOLETE }

    /** A reviewer's answer. */
    public enum Verdict { LINK, SEPARATE }

    /** One review. {@code levels} are the comparison levels in {@code Field} order, comma-separated. */
    public record Review(long id, String patientId, long candidatePerson, String candidatePatient, double weight, String levels,
                         String rule, Status status, Instant createdAt, Instant decidedAt, String decidedBy, String reason) {
        public int[] levelArray() {
            return Arrays.stream(levels.split(",")).mapToInt(Integer::parseInt).toArray();
        }
    }

    private final JdbcTemplate jdbc;
    private final PersonMoves moves;
    private final MpiEvents events;
    private final Ledger ledger;

    ReviewQueue(JdbcTemplate jdbc, PersonMoves moves, MpiEvents events, Ledger ledger) {
        this.jdbc = jdbc;
        this.moves = moves;
        this.events = events;
        this.ledger = ledger;
    }

    /** Queues a pair, or re-opens an obsolete one; pairs already decided stay decided. Returns the review's id. */
    long propose(String patientId, Matcher.PersonScore candidate) {
        String levels = Arrays.stream(candidate.score().comparison().levels()).mapToObj(Integer::toString).collect(Collectors.joining(","));
        List<Object[]> existing = jdbc.query("select id, status from mpi_review where patient_id = ? and candidate_person = ?",
                (rs, row) -> new Object[] {rs.getLong(1), rs.getString(2)}, patientId, candidate.person());
        String rule = candidate.score().rule().length() > 300 ? candidate.score().rule().substring(0, 300) : candidate.score().rule();
        if (existing.isEmpty()) {
            jdbc.update("""
                    insert into mpi_review (patient_id, candidate_person, candidate_patient, weight, levels, rule, status, created_at)
                    values (?,?,?,?,?,?,'OPEN',?)""", patientId, candidate.person(), candidate.recordId(), candidate.score().weight(), levels, rule,
                    Timestamp.from(Instant.now()));
            return jdbc.queryForObject("select id from mpi_review where patient_id = ? and candidate_person = ?", Long.class, patientId, candidate.person());
        }
        long id = (Long) existing.get(0)[0];
        if (Status.valueOf((String) existing.get(0)[1]) == Status.OBSOLETE || Status.valueOf((String) existing.get(0)[1]) == Status.OPEN) {
            jdbc.update("update mpi_review set status = 'OPEN', candidate_patient = ?, weight = ?, levels = ?, rule = ? where id = ?",
                    candidate.recordId(), candidate.score().weight(), levels, rule, id);
        }
        return id;
    }

    /** Persons a reviewer (or an unmerge) said this patient is not. */
    Set<Long> separatedPersons(String patientId) {
        return new HashSet<>(jdbc.queryForList("select candidate_person from mpi_review where patient_id = ? and status = 'SEPARATED'",
                Long.class, patientId));
    }

    /** Remembers that a patient is not this person, e.g. after an unmerge. */
    void markSeparated(String patientId, long person, String candidatePatient, String decidedBy, String reason) {
        int updated = jdbc.update("update mpi_review set status = 'SEPARATED', decided_at = ?, decided_by = ?, reason = ? where patient_id = ? and candidate_person = ?",
                Timestamp.from(Instant.now()), decidedBy, reason, patientId, person);
        if (updated == 0) {
            jdbc.update("""
                    insert into mpi_review (patient_id, candidate_person, candidate_patient, weight, levels, rule, status, created_at, decided_at, decided_by, reason)
                    values (?,?,?,0,'-1,-1,-1,-1,-1,-1','separated by a decision','SEPARATED',?,?,?,?)""",
                    patientId, person, candidatePatient, Timestamp.from(Instant.now()), Timestamp.from(Instant.now()), decidedBy, reason);
        }
    }

    public List<Review> open(int limit, int offset) {
        return jdbc.query("select * from mpi_review where status = 'OPEN' order by weight desc, id limit ? offset ?",
                (rs, row) -> review(rs), limit, offset);
    }

    public long openCount() {
        return jdbc.queryForObject("select count(*) from mpi_review where status = 'OPEN'", Long.class);
    }

    public Optional<Review> find(long id) {
        return jdbc.query("select * from mpi_review where id = ?", (rs, row) -> review(rs), id).stream().findFirst();
    }

    /** Marks open reviews that a re-link no longer proposes as obsolete; returns how many. */
    int obsoleteExcept(Set<Long> stillProposed) {
        List<Long> open = jdbc.queryForList("select id from mpi_review where status = 'OPEN'", Long.class);
        int count = 0;
        for (Long id : open) {
            if (!stillProposed.contains(id)) {
                count += jdbc.update("update mpi_review set status = 'OBSOLETE' where id = ? and status = 'OPEN'", id);
            }
        }
        return count;
    }

    /**
     * A reviewer's decision. LINK merges the patient's person into the candidate person (refused when they hold
     * different resident IDs); SEPARATE keeps them apart for good.
     */
    @Transactional
    public Review decide(long id, Verdict verdict, String reason, PersonMoves.Decider decider) {
        Review review = find(id).orElseThrow(() -> new PersonNotFoundException("review " + id));
        if (review.status() != Status.OPEN) {
            throw new MergeRefusedException("review " + id + " is already " + review.status());
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason");
        }
        Instant now = Instant.now();
        if (verdict == Verdict.LINK) {
            long current = jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, review.patientId());
            long target = moves.survivorOf(review.candidatePerson()).orElseThrow(() -> new PersonNotFoundException(review.candidatePerson()));
            if (current != target) {
                moves.merge(target, current, "review " + id + ": " + reason, decider);
            }
            jdbc.update("update mpi_review set status = 'LINKED', decided_at = ?, decided_by = ?, reason = ? where id = ?",
                    Timestamp.from(now), decider.name(), reason, id);
        } else {
            jdbc.update("update mpi_review set status = 'SEPARATED', decided_at = ?, decided_by = ?, reason = ? where id = ?",
                    Timestamp.from(now), decider.name(), reason, id);
            events.add(MpiEvents.Action.SEPARATE, review.patientId(), review.candidatePerson(), null, "review " + id, review.weight(),
                    decider.name(), reason);
            ledger.record(LedgerEvent.permit("identity.separate").by(decider.actor()).person(review.candidatePerson())
                    .touched(List.of(new LedgerEvent.Touched("Patient/" + review.patientId(), null))).because("review " + id + ": " + reason));
        }
        return find(id).orElseThrow();
    }

    /**
     * Takes a patient out of its person (see {@link PersonMoves#unmerge}) and remembers that it is not that person,
     * so that neither ingest nor the re-link job joins them again. Returns the patient's new person.
     */
    @Transactional
    public long unmerge(String patientId, String reason, PersonMoves.Decider decider) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an unmerge needs a reason");
        }
        List<Long> current = jdbc.queryForList("select person_key from patient_link where patient_id = ?", Long.class, patientId);
        if (current.isEmpty()) {
            throw new PersonNotFoundException("Patient/" + patientId);
        }
        long target = moves.unmerge(patientId, reason, decider);
        markSeparated(patientId, current.get(0), patientId, decider.name(), reason);
        return target;
    }

    private static Review review(ResultSet rs) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Review(rs.getLong("id"), rs.getString("patient_id"), rs.getLong("candidate_person"), rs.getString("candidate_patient"),
                rs.getDouble("weight"), rs.getString("levels"), rs.getString("rule"), Status.valueOf(rs.getString("status")),
                rs.getTimestamp("created_at").toInstant(), decided == null ? null : decided.toInstant(), rs.getString("decided_by"),
                rs.getString("reason"));
    }
}
