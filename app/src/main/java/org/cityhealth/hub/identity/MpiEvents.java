package org.cityhealth.hub.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The append-only history of the person index: every link, move, merge, unmerge and review decision. */
@Repository
public class MpiEvents {

    /** What happened to whom, by whose decision. */
    public enum Action { LINK, MOVE, MERGE, UNMERGE, SEPARATE }

    /** One event. {@code fromPerson} is null for a first link. */
    public record Event(long id, Instant at, Action action, String patientId, Long fromPerson, Long toPerson, String rule, Double weight,
                        String actor, String reason) {
    }

    private final JdbcTemplate jdbc;

    MpiEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(Action action, String patientId, Long fromPerson, Long toPerson, String rule, Double weight, String actor, String reason) {
        jdbc.update("insert into mpi_event (at, action, patient_id, from_person, to_person, rule, weight, actor, reason) values (?,?,?,?,?,?,?,?,?)",
                Timestamp.from(Instant.now()), action.name(), patientId, fromPerson, toPerson, clip(rule, 300), weight, clip(actor, 200), clip(reason, 1000));
    }

    /** The events that touched a person (as source or target), newest first. */
    public List<Event> ofPerson(long personKey, int limit) {
        return jdbc.query("select * from mpi_event where to_person = ? or from_person = ? order by id desc limit ?",
                (rs, row) -> event(rs), personKey, personKey, limit);
    }

    public List<Event> ofPatient(String patientId) {
        return jdbc.query("select * from mpi_event where patient_id = ? order by id", (rs, row) -> event(rs), patientId);
    }

    /** Patients whose place a person (not the hub's rules) decided. */
    Set<String> decidedByPersons() {
        return new HashSet<>(jdbc.queryForList("select distinct patient_id from mpi_event where actor <> ? and patient_id is not null",
                String.class, PersonIndex.HUB_ACTOR));
    }

    /** Counts per action since a time, for the operations page. */
    public java.util.Map<String, Long> countsSince(Instant since) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        jdbc.query("select action, count(*) from mpi_event where at >= ? group by action order by action", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, Timestamp.from(since));
        return counts;
    }

    private static Event event(java.sql.ResultSet rs) throws java.sql.SQLException {
        long from = rs.getLong("from_person");
        Long fromPerson = rs.wasNull() ? null : from;
        long to = rs.getLong("to_person");
        Long toPerson = rs.wasNull() ? null : to;
        double weight = rs.getDouble("weight");
        Double w = rs.wasNull() ? null : weight;
        return new Event(rs.getLong("id"), rs.getTimestamp("at").toInstant(), Action.valueOf(rs.getString("action")), rs.getString("patient_id"),
                fromPerson, toPerson, rs.getString("rule"), w, rs.getString("actor"), rs.getString("reason"));
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
