package org.cityhealth.hub.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * Every break-the-glass access, kept for the hospital privacy officer's review and shown to the citizen. An access
 * beyond the doctor's usual rate is marked unusual and raises an alert (a warning log and a ledger entry that
 * monitoring can follow).
 */
@Service
public class BreakGlassLog {

    private static final Logger log = LoggerFactory.getLogger(BreakGlassLog.class);
    private static final String COLUMNS = "id, accessed_at, doctor, doctor_name, organization, person_key, reason, channel, viewed,"
            + " viewed_count, unusual, review_status, reviewer, review_note, reviewed_at";

    private final JdbcTemplate jdbc;
    private final AccessSettings settings;
    private final Ledger ledger;
    private final Clock clock = Clock.systemUTC();

    BreakGlassLog(JdbcTemplate jdbc, AccessSettings settings, Ledger ledger) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.ledger = ledger;
    }

    public enum Review { PENDING, JUSTIFIED, UNJUSTIFIED }

    public record Entry(long id, Instant accessedAt, String doctor, String doctorName, String organization, long personKey, String reason,
                        String channel, List<String> viewed, int viewedCount, boolean unusual, Review review, String reviewer, String reviewNote,
                        Instant reviewedAt) {
    }

    /** Records an access; the viewed references are kept (up to 4000 characters) for the reviewer. */
    public Entry record(Subject doctor, long personKey, String reason, String channel, List<String> viewed) {
        Instant now = clock.instant();
        int lastDay = countSince(doctor.id(), now.minus(Duration.ofDays(1)));
        boolean unusual = lastDay >= settings.breakGlassUnusual();
        String refs = String.join(",", viewed);
        if (refs.length() > 4000) {
            refs = refs.substring(0, refs.lastIndexOf(',', 4000));
        }
        String kept = refs;
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("insert into break_glass (accessed_at, doctor, doctor_name, organization, person_key,"
                    + " reason, channel, viewed, viewed_count, unusual, review_status) values (?,?,?,?,?,?,?,?,?,?,?)", new String[] {"id"});
            statement.setTimestamp(1, Timestamp.from(now));
            statement.setString(2, doctor.id());
            statement.setString(3, doctor.displayName());
            statement.setString(4, doctor.organization());
            statement.setLong(5, personKey);
            statement.setString(6, reason);
            statement.setString(7, channel);
            statement.setString(8, kept);
            statement.setInt(9, viewed.size());
            statement.setBoolean(10, unusual);
            statement.setString(11, Review.PENDING.name());
            return statement;
        }, key);
        long id = key.getKey().longValue();
        if (unusual) {
            log.warn("unusual break-the-glass use: {} made {} accesses in 24 hours (alert threshold {})", doctor.id(), lastDay + 1,
                    settings.breakGlassUnusual());
            ledger.record(LedgerEvent.permit("alert.break-glass").person(personKey).because("unusual use: " + (lastDay + 1)
                    + " break-the-glass accesses in 24 hours").detail("breakGlass", id));
        }
        return find(id).orElseThrow();
    }

    public int countSince(String doctor, Instant since) {
        return jdbc.queryForObject("select count(*) from break_glass where doctor = ? and accessed_at > ?", Integer.class, doctor,
                Timestamp.from(since));
    }

    /** Has the doctor reached the hourly limit? */
    boolean overLimit(String doctor) {
        return countSince(doctor, clock.instant().minus(Duration.ofHours(1))) >= settings.breakGlassPerHour();
    }

    public Optional<Entry> find(long id) {
        return jdbc.query("select " + COLUMNS + " from break_glass where id = ?", BreakGlassLog::row, id).stream().findFirst();
    }

    /** A privacy officer's queue: their hospital's accesses, pending first, newest first. */
    public List<Entry> forOrganization(String organization, int limit) {
        return jdbc.query("select " + COLUMNS + " from break_glass where organization = ? order by case when review_status = 'PENDING'"
                + " then 0 else 1 end, accessed_at desc fetch first " + limit + " rows only", BreakGlassLog::row, organization);
    }

    /** What the citizen is told: every break-the-glass on their record, newest first. */
    public List<Entry> forPerson(long personKey) {
        return jdbc.query("select " + COLUMNS + " from break_glass where person_key = ? order by accessed_at desc", BreakGlassLog::row,
                personKey);
    }

    /** The officer's verdict; only their own hospital's accesses, and a note is required when unjustified. */
    public Entry review(long id, Subject officer, boolean justified, String note) {
        Entry entry = find(id).filter(e -> e.organization() != null && e.organization().equals(officer.organization()))
                .orElseThrow(() -> new IllegalArgumentException("break-the-glass access " + id + " is not one of your hospital's"));
        if (!justified && (note == null || note.isBlank())) {
            throw new IllegalArgumentException("say why the access was not justified");
        }
        Review verdict = justified ? Review.JUSTIFIED : Review.UNJUSTIFIED;
        jdbc.update("update break_glass set review_status = ?, reviewer = ?, review_note = ?, reviewed_at = ? where id = ?", verdict.name(),
                officer.id(), note == null ? null : note.strip(), Timestamp.from(clock.instant()), id);
        ledger.record(LedgerEvent.permit("break-glass.review").person(entry.personKey()).purpose(Purpose.HPRGRP.name())
                .detail("breakGlass", id).detail("verdict", verdict.name()));
        return find(id).orElseThrow();
    }

    private static Entry row(ResultSet rs, int row) throws SQLException {
        Timestamp reviewed = rs.getTimestamp("reviewed_at");
        String viewed = rs.getString("viewed");
        return new Entry(rs.getLong("id"), rs.getTimestamp("accessed_at").toInstant(), rs.getString("doctor"), rs.getString("doctor_name"),
                rs.getString("organization"), rs.getLong("person_key"), rs.getString("reason"), rs.getString("channel"),
                viewed.isEmpty() ? List.of() : List.of(viewed.split(",")), rs.getInt("viewed_count"), rs.getBoolean("unusual"),
                Review.valueOf(rs.getString("review_status")), rs.getString("reviewer"), rs.getString("review_note"),
                reviewed == null ? null : reviewed.toInstant());
    }
}
