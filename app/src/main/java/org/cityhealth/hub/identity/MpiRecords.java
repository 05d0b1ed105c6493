package org.cityhealth.hub.identity;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.cityhealth.identity.OfficialId;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.identity.Sex;
import org.cityhealth.identity.linkage.BlockingKeys;
import org.cityhealth.identity.linkage.Matcher;
import org.cityhealth.identity.linkage.PersonRecord;
import org.cityhealth.identity.linkage.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The identity records and blocking keys of the master person index, in the SQL store. */
@Repository
class MpiRecords {

    /** A stored record with its source and current person. */
    record Stored(PersonRecord record, long sourceId, long personKey) {
    }

    private static final String SELECT = """
            select r.*, l.person_key from mpi_record r join patient_link l on l.patient_id = r.patient_id""";

    private final JdbcTemplate jdbc;
    private final MpiSettings settings;

    MpiRecords(JdbcTemplate jdbc, MpiSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Stores (or replaces) a record and its blocking keys. */
    void save(long sourceId, PersonRecord record) {
        jdbc.update("delete from mpi_block where patient_id = ?", record.id());
        jdbc.update("delete from mpi_record where patient_id = ?", record.id());
        jdbc.update("""
                insert into mpi_record (patient_id, source_id, family, given, birth_date, sex, phone, district, resident_id,
                                        bad_resident_id, official_ids, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?)""",
                record.id(), sourceId, record.family(), record.given(), record.birthDate() == null ? null : Date.valueOf(record.birthDate()),
                record.sex() == null ? null : record.sex().name(), record.phone(), record.district(),
                record.residentId() == null ? null : record.residentId().value(), record.badResidentId(),
                record.officialIds().isEmpty() ? null : record.officialIds().stream().map(OfficialId::key).collect(Collectors.joining(";")),
                Timestamp.from(Instant.now()));
        long[] keys = BlockingKeys.hashes(new Profile(record));
        jdbc.batchUpdate("insert into mpi_block (block_key, patient_id) values (?, ?)",
                Arrays.stream(keys).mapToObj(key -> new Object[] {key, record.id()}).toList());
    }

    /** The records sharing a blocking key with {@code profile}, skipping keys too common to tell anything. */
    List<Matcher.Candidate> candidates(Profile profile) {
        long[] keys = BlockingKeys.hashes(profile);
        if (keys.length == 0) {
            return List.of();
        }
        String in = String.join(",", Collections.nCopies(keys.length, "?"));
        Object[] args = Arrays.stream(keys).boxed().toArray();
        List<Long> usable = new ArrayList<>();
        jdbc.query("select block_key, count(*) from mpi_block where block_key in (" + in + ") group by block_key", rs -> {
            if (rs.getLong(2) <= settings.maxBlock()) {
                usable.add(rs.getLong(1));
            }
        }, args);
        if (usable.isEmpty()) {
            return List.of();
        }
        return jdbc.query(SELECT + " where r.patient_id in (select patient_id from mpi_block where block_key in ("
                        + String.join(",", Collections.nCopies(usable.size(), "?")) + "))",
                (rs, row) -> new Matcher.Candidate(new Profile(record(rs)), rs.getLong("person_key")), usable.toArray());
    }

    Optional<Stored> find(String patientId) {
        return jdbc.query(SELECT + " where r.patient_id = ?", (rs, row) -> stored(rs), patientId).stream().findFirst();
    }

    List<Stored> ofPerson(long personKey) {
        return jdbc.query(SELECT + " where l.person_key = ? order by r.patient_id", (rs, row) -> stored(rs), personKey);
    }

    long count() {
        return jdbc.queryForObject("select count(*) from mpi_record", Long.class);
    }

    /** Every record, streamed in patient order (the re-link job). */
    void forEach(Consumer<Stored> action) {
        jdbc.query(SELECT + " order by r.patient_id", rs -> {
            action.accept(stored(rs));
        });
    }

    /** Records of whole birth-day blocks, about {@code share} of all, for estimating the model on a sample. */
    void forEachSampled(int everyNthDay, Consumer<Stored> action) {
        if (everyNthDay <= 1) {
            forEach(action);
            return;
        }
        jdbc.query(SELECT + " where r.birth_date is not null and mod(extract(day from r.birth_date) + 31 * extract(month from r.birth_date), ?) = 0",
                rs -> {
                    action.accept(stored(rs));
                }, everyNthDay);
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        return new Stored(record(rs), rs.getLong("source_id"), rs.getLong("person_key"));
    }

    private static PersonRecord record(ResultSet rs) throws SQLException {
        Date birth = rs.getDate("birth_date");
        String sex = rs.getString("sex");
        String residentId = rs.getString("resident_id");
        String officials = rs.getString("official_ids");
        List<OfficialId> officialIds = new ArrayList<>();
        if (officials != null) {
            for (String key : officials.split(";")) {
                int colon = key.indexOf(':');
                officialIds.add(new OfficialId(OfficialId.Kind.valueOf(key.substring(0, colon)), key.substring(colon + 1)));
            }
        }
        return new PersonRecord(rs.getString("patient_id"), rs.getString("family"), rs.getString("given"),
                birth == null ? null : birth.toLocalDate(), sex == null ? null : Sex.valueOf(sex), rs.getString("phone"),
                rs.getString("district"), residentId == null ? null : new ResidentId(residentId), rs.getString("bad_resident_id"), officialIds);
    }
}
