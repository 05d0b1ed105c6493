package org.cityhealth.hub.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Observations measured by devices, one narrow row each in {@code device_observation} (V8): a reading is written once
 * with one index entry instead of a resource version's seven plus its search tokens, which is what lets a city's
 * monitors be stored as fast as they measure. The one index is the primary key, and the ids are made for it: they lead
 * with the patient's id and the reading's time ({@link #id}), so the key is also the index of a patient's readings in
 * time order, and new readings append at one place per patient instead of landing at random in the tree (measured on
 * H2: a random key plus a patient index took three times as long per row).
 *
 * <p>{@link ResourceStore} serves them as Observations: read, version 1, history, search by patient, code, category,
 * status and date, and {@code $everything}. They stay in the hot tier (the lifecycle's moves do not apply to them) and
 * go when their person is purged.
 */
@Service
public class DeviceObservations {

    public static final String TYPE = "Observation";
    /** The system of {@link DeviceObservation#category()}. */
    public static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    /** The columns of {@link ResourceStore}'s rows, so that both read through one mapping (and a UNION ALL joins them). */
    static final String COLUMNS = """
            select cast('Observation' as varchar(64)) res_type, d.res_id, 1 version, false deleted, coalesce(pl.person_key, 0) person_key,
              d.last_updated, d.source_id, cast(d.source_res_id as varchar(200)) source_res_id, d.submission_id, d.body,
              cast('H' as char(1)) tier""";
    static final String FROM = " from device_observation d left join patient_link pl on pl.patient_id = d.patient_id";
    static final String SELECT = COLUMNS + FROM;

    /** A patient's rows: its id, then '-' (the next character, '.', ends the range). */
    static final String IN_RANGE = "d.res_id >= ? and d.res_id < ?";

    private final JdbcTemplate jdbc;

    DeviceObservations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes the observations whose ids are not stored yet, in the caller's transaction, and returns them: a reading sent
     * again (an MQTT redelivery) is left as it is. Usually every reading is new, so they are all inserted at once under a
     * savepoint, and only when one was stored before does it look up which (a query per batch saved). Two transactions
     * writing the same new id at once collide on the primary key, and the loser runs again, as for resources.
     */
    public List<DeviceObservation> insertNew(List<DeviceObservation> observations) {
        Set<String> seen = new HashSet<>();
        List<DeviceObservation> distinct = observations.stream().filter(observation -> seen.add(observation.id())).toList();
        if (distinct.isEmpty()) {
            return distinct;
        }
        Savepoint savepoint = jdbc.execute((ConnectionCallback<Savepoint>) Connection::setSavepoint);
        try {
            insert(distinct);
            return distinct;
        } catch (DuplicateKeyException storedBefore) {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                connection.rollback(savepoint);
                return null;
            });
        }
        Set<String> stored = existing(seen);
        List<DeviceObservation> fresh = distinct.stream().filter(observation -> !stored.contains(observation.id())).toList();
        if (!fresh.isEmpty()) {
            insert(fresh);
        }
        return fresh;
    }

    private void insert(List<DeviceObservation> rows) {
        jdbc.batchUpdate("""
                insert into device_observation (res_id, patient_id, category, code_system, code, code2, date_lo, date_hi, last_updated,
                  source_id, source_res_id, submission_id, body) values (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                rows, rows.size(), DeviceObservations::bind);
    }

    /**
     * The id of a device observation: the patient's hub id, {@code -}, the start of the reading's time in seconds as 9 hex
     * digits (so ids sort by time within a patient), and 12 hex digits of a SHA-256 of {@code discriminator} (what tells the
     * readings of one second apart: the source and the reading's own id). 48 characters, within FHIR's 64.
     */
    public static String id(String patientId, Instant effective, String discriminator) {
        long seconds = Math.max(0, effective.getEpochSecond());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(discriminator.getBytes(StandardCharsets.UTF_8));
            String time = Long.toHexString(seconds);
            return patientId + "-" + "0".repeat(Math.max(0, 9 - time.length())) + time + HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The arguments of {@link #IN_RANGE} for one patient. */
    static List<Object> rangeOf(String patientId) {
        return List.of(patientId + "-", patientId + ".");
    }

    /** The ids among {@code ids} that are stored. */
    Set<String> existing(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        List<String> all = List.copyOf(ids);
        for (int start = 0; start < all.size(); start += ResourceStore.IN_CHUNK) {
            List<String> chunk = all.subList(start, Math.min(all.size(), start + ResourceStore.IN_CHUNK));
            found.addAll(jdbc.queryForList("select res_id from device_observation where res_id in (" + ResourceStore.marks(chunk.size()) + ")",
                    String.class, chunk.toArray()));
        }
        return found;
    }

    Optional<StoredResource> read(String id) {
        return jdbc.query(SELECT + " where d.res_id = ?", ResourceStore::mapRow, id).stream().findFirst();
    }

    /**
     * One page of the person's device observations, patient after patient in id order (each patient's rows are one range of
     * the key: read so, a page costs what it returns, where one query over all of them would scan the table).
     */
    List<StoredResource> ofPerson(long personKey, Timestamp since, int count, int offset) {
        List<StoredResource> page = new ArrayList<>();
        long skip = offset;
        for (String patient : patientsOf(personKey)) {
            if (page.size() >= count) {
                break;
            }
            List<Object> args = new ArrayList<>(rangeOf(patient));
            String condition = IN_RANGE;
            if (since != null) {
                condition += " and d.last_updated >= ?";
                args.add(since);
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(count - page.size());
            pageArgs.add(skip);
            List<StoredResource> rows = jdbc.query(SELECT + " where " + condition + " order by d.res_id limit ? offset ?", ResourceStore::mapRow,
                    pageArgs.toArray());
            if (rows.isEmpty() && skip > 0) {
                skip = Math.max(0, skip - jdbc.queryForObject("select count(*) from device_observation d where " + condition, Long.class,
                        args.toArray()));
            } else {
                skip = 0;
                page.addAll(rows);
            }
        }
        return page;
    }

    /** What a purge deleted: rows and their body bytes. */
    record Purged(int rows, long bytes) {
    }

    /** Deletes the person's device observations in the caller's transaction. */
    Purged purge(long personKey) {
        int rows = 0;
        long bytes = 0;
        for (String patient : patientsOf(personKey)) {
            Object[] range = rangeOf(patient).toArray();
            bytes += jdbc.queryForObject("select coalesce(sum(length(body)), 0) from device_observation d where " + IN_RANGE, Long.class, range);
            rows += jdbc.update("delete from device_observation d where " + IN_RANGE, range);
        }
        return new Purged(rows, bytes);
    }

    private List<String> patientsOf(long personKey) {
        return jdbc.queryForList("select patient_id from patient_link where person_key = ? order by patient_id", String.class, personKey);
    }

    private static void bind(PreparedStatement ps, DeviceObservation observation) throws SQLException {
        ps.setString(1, observation.id());
        ps.setString(2, observation.patientId());
        ps.setString(3, observation.category());
        ps.setString(4, observation.codeSystem());
        ps.setString(5, observation.code());
        ps.setString(6, observation.code2());
        ps.setTimestamp(7, Timestamp.from(observation.dateLow()));
        ps.setTimestamp(8, Timestamp.from(observation.dateHigh()));
        ps.setTimestamp(9, Timestamp.from(observation.lastUpdated()));
        ps.setLong(10, observation.sourceId());
        ps.setString(11, observation.sourceResourceId());
        ps.setLong(12, observation.submissionId());
        ps.setBytes(13, observation.body());
    }
}
