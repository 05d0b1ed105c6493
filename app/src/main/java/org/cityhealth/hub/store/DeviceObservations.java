package org.cityhealth.hub.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Observations measured by devices, one narrow row each in {@code device_observation} (V8, keyed in V10): a reading is
 * written once into one tree, where a resource version takes seven indexes plus its search tokens, which is what lets a
 * city's monitors be stored as fast as they measure.
 *
 * <p><b>The key.</b> The table's primary key is a number, {@link #key}: the patient's number ({@code device_patient}),
 * the reading's second and one of 32 slots of that second. So a patient's readings are one range of the key in time order,
 * new readings append at one place per patient, and H2 keeps the rows in the key's own tree: with the FHIR id as the key it
 * kept them in insertion order plus a second tree from id to row, and writing that second tree's leaves at every commit was
 * half of what a reading cost (measured on H2: 62,000 rows/s with the id as key, 118,000 with the number and a short row).
 * The FHIR id ({@link #id}) still names patient, second and a hash of what tells the readings of one second apart; the slot
 * is the hash's low five bits, or the next free one, as in an open-addressing hash table: slots are never freed (but by a
 * purge of the whole patient), so a reading sent again always meets itself or a conflict on the way to its slot.
 *
 * <p><b>The body.</b> A row keeps what differs from reading to reading ({@link #compact}: the form's name, {@code
 * meta.source} and the converter's values) and the form renders the Observation when it is read ({@link #render}). Rows
 * written before V10 hold the Observation's JSON and are served as they are.
 *
 * <p>{@link ResourceStore} serves them as Observations: read, version 1, history, search by patient, code, category,
 * status, date and {@code _id}, and {@code $everything}. They stay in the hot tier (the lifecycle's moves do not apply to
 * them) and go when their person is purged.
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
              cast('D' as char(1)) tier""";
    static final String FROM = " from device_observation d left join patient_link pl on pl.patient_id = d.patient_id";
    static final String SELECT = COLUMNS + FROM;

    /** A range of the key: one patient's rows, or one second's slots. */
    static final String IN_RANGE = "d.row_key >= ? and d.row_key < ?";

    /** 2000-01-01T00:00:00Z: readings are keyed by their second from here. */
    static final long EPOCH = 946_684_800L;
    static final int SLOT_BITS = 5;
    static final int SECOND_BITS = 32;
    static final int PATIENT_BITS = 63 - SECOND_BITS - SLOT_BITS;
    static final int SLOTS = 1 << SLOT_BITS;
    /**
     * The years in which keys sort as ids do (2000 to 2135): ingest refuses readings outside them, which a device whose clock
     * was never set sends (1970), so that a patient's readings in key order are its readings in id and time order.
     */
    public static final Instant EARLIEST = Instant.ofEpochSecond(EPOCH);
    public static final Instant LATEST = Instant.ofEpochSecond(EPOCH + (1L << SECOND_BITS) - 1);
    /** What the id adds to the patient's id: '-', 9 hex digits of seconds, 12 of the discriminator's hash. */
    private static final int ID_SUFFIX = 22;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Beyond this many, the remembered numbers are forgotten and read again as needed (the ones in use return at once). */
    private static final int REMEMBERED = 500_000;

    private final JdbcTemplate jdbc;
    private final Map<String, DeviceObservationForm> forms;
    /** Patient numbers once committed: they never change and are never reused. */
    private final Map<String, Long> numbers = new ConcurrentHashMap<>();

    DeviceObservations(JdbcTemplate jdbc, List<DeviceObservationForm> forms) {
        this.jdbc = jdbc;
        this.forms = forms.stream().collect(Collectors.toUnmodifiableMap(DeviceObservationForm::name, Function.identity()));
    }

    /** More readings of one patient in one second than a second has slots for. */
    public static final class SecondFullException extends RuntimeException {
        SecondFullException(String patientId, Instant second) {
            super("more than " + SLOTS + " readings of Patient/" + patientId + " in the second " + second);
        }
    }

    /**
     * Writes the observations whose ids are not stored yet, in the caller's transaction, and returns them in no particular
     * order: a reading sent again (an MQTT redelivery) is left as it is. Usually every reading is new, so they are all
     * inserted at once under a savepoint, and only when a key was taken does it read the seconds concerned. Two
     * transactions writing the same new reading at once collide on the key, and the loser runs again, as for resources.
     *
     * @throws SecondFullException when a second of a patient has no free slot left
     */
    public List<DeviceObservation> insertNew(List<DeviceObservation> observations) {
        Set<String> seen = new HashSet<>();
        List<DeviceObservation> distinct = observations.stream().filter(observation -> seen.add(observation.id())).toList();
        if (distinct.isEmpty()) {
            return distinct;
        }
        Map<String, Long> patients = numbers(distinct.stream().map(DeviceObservation::patientId).collect(Collectors.toSet()), true);
        List<Keyed> rows = new ArrayList<>(distinct.size());
        Set<Long> taken = new HashSet<>();
        for (DeviceObservation observation : distinct) {
            long key = place(observation, patients, taken::contains);
            taken.add(key);
            rows.add(new Keyed(key, observation));
        }
        // In key order, as every writer does: two transactions taking the same keys in opposite orders would deadlock.
        rows.sort(Comparator.comparingLong(Keyed::key));
        Savepoint savepoint = jdbc.execute((ConnectionCallback<Savepoint>) Connection::setSavepoint);
        try {
            insert(rows);
            return distinct;
        } catch (DuplicateKeyException storedBefore) {
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                connection.rollback(savepoint);
                return null;
            });
        }
        // A key was taken: by a reading stored before, or by another of its second. Place them again knowing the seconds.
        Map<Long, Map<Long, String>> stored = new HashMap<>();
        List<Keyed> fresh = new ArrayList<>();
        taken.clear();
        for (DeviceObservation observation : distinct) {
            Map<Long, String> second = stored.computeIfAbsent(second(observation, patients), this::slotsOf);
            if (second.containsValue(observation.id())) {
                continue;
            }
            long key = place(observation, patients, candidate -> second.containsKey(candidate) || taken.contains(candidate));
            taken.add(key);
            fresh.add(new Keyed(key, observation));
        }
        if (!fresh.isEmpty()) {
            fresh.sort(Comparator.comparingLong(Keyed::key));
            insert(fresh);
        }
        return fresh.stream().map(Keyed::observation).toList();
    }

    private record Keyed(long key, DeviceObservation observation) {
    }

    /** The first key of the reading's second, its patient numbered: the second its id names, which reads look in. */
    private static long second(DeviceObservation observation, Map<String, Long> patients) {
        return key(patients.get(observation.patientId()), secondOf(observation.id()), 0);
    }

    /** The second an id made by {@link #id} names: the 9 hex digits before its 12 of hash (parsed in place, once a reading). */
    private static long secondOf(String id) {
        return Long.parseLong(id, id.length() - ID_SUFFIX + 1, id.length() - 12, 16);
    }

    /** The first slot from the id's own that {@code occupied} does not hold. */
    private static long place(DeviceObservation observation, Map<String, Long> patients, LongPredicate occupied) {
        long first = second(observation, patients);
        int own = slotOf(observation.id());
        for (int i = 0; i < SLOTS; i++) {
            long key = first + ((own + i) & (SLOTS - 1));
            if (!occupied.test(key)) {
                return key;
            }
        }
        throw new SecondFullException(observation.patientId(), observation.dateLow());
    }

    /** The ids stored in the slots of the second starting at {@code first}, by key. */
    private Map<Long, String> slotsOf(long first) {
        Map<Long, String> slots = new HashMap<>();
        jdbc.query("select row_key, res_id from device_observation d where " + IN_RANGE, rs -> {
            slots.put(rs.getLong(1), rs.getString(2));
        }, first, first + SLOTS);
        return slots;
    }

    private void insert(List<Keyed> rows) {
        jdbc.batchUpdate("""
                insert into device_observation (row_key, res_id, patient_id, category, code_system, code, code2, date_lo, date_hi,
                  last_updated, source_id, source_res_id, submission_id, body) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                rows, rows.size(), DeviceObservations::bind);
    }

    /**
     * The key of a reading: the patient's number, the reading's second since 2000 modulo 2^32 and the slot, in 26, 32 and 5
     * bits, so that keys sort by patient, then time from {@link #EARLIEST} to {@link #LATEST}. A reading outside those years
     * (kept before V10, when ingest did not refuse them) still has a second of its own; it only sorts among the others by
     * the remainder.
     */
    static long key(long patientNumber, long epochSecond, int slot) {
        long second = (epochSecond - EPOCH) & ((1L << SECOND_BITS) - 1);
        return patientNumber << (SECOND_BITS + SLOT_BITS) | second << SLOT_BITS | slot;
    }

    /** A reading's own slot: the low bits of the hash that ends its id. */
    static int slotOf(String id) {
        return Character.digit(id.charAt(id.length() - 1), 16) | (Character.digit(id.charAt(id.length() - 2), 16) & 1) << 4;
    }

    /**
     * The numbers of the patients; with {@code create}, those without one get the next (in the caller's transaction, so
     * they are remembered only once another call finds them committed: a transaction calls this once with {@code create},
     * in {@link #insertNew}, and reads nothing of device observations after).
     */
    Map<String, Long> numbers(Collection<String> patientIds, boolean create) {
        Map<String, Long> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String patientId : patientIds) {
            Long number = numbers.get(patientId);
            if (number != null) {
                found.put(patientId, number);
            } else {
                missing.add(patientId);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        Map<String, Long> stored = storedNumbers(missing);
        if (numbers.size() + stored.size() > REMEMBERED) {
            numbers.clear();
        }
        numbers.putAll(stored);
        found.putAll(stored);
        if (create && stored.size() < missing.size()) {
            List<String> fresh = missing.stream().filter(patientId -> !stored.containsKey(patientId)).toList();
            jdbc.batchUpdate("insert into device_patient (patient_id) values (?)", fresh, fresh.size(),
                    (ps, patientId) -> ps.setString(1, patientId));
            Map<String, Long> created = storedNumbers(fresh);
            // The last number is left out: a patient's range ends where the next number's starts, which must fit in a key.
            created.values().stream().filter(number -> number >= (1L << PATIENT_BITS) - 1).findAny().ifPresent(number -> {
                throw new IllegalStateException("device observations have keys for " + ((1L << PATIENT_BITS) - 2) + " patients, and they are used up");
            });
            found.putAll(created);
        }
        return found;
    }

    private Map<String, Long> storedNumbers(List<String> patientIds) {
        Map<String, Long> stored = new HashMap<>();
        for (int start = 0; start < patientIds.size(); start += ResourceStore.IN_CHUNK) {
            List<String> chunk = patientIds.subList(start, Math.min(patientIds.size(), start + ResourceStore.IN_CHUNK));
            jdbc.query("select patient_id, patient_no from device_patient where patient_id in (" + ResourceStore.marks(chunk.size()) + ")",
                    rs -> {
                        stored.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return stored;
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

    /** The patient and second an id names, or empty when it is not a device observation's id. */
    private record Named(String patientId, long epochSecond) {
    }

    private static Optional<Named> named(String id) {
        int dash = id.length() - ID_SUFFIX;
        if (dash < 1 || id.charAt(dash) != '-') {
            return Optional.empty();
        }
        for (int i = dash + 1; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0 || Character.isUpperCase(id.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new Named(id.substring(0, dash), secondOf(id)));
    }

    /**
     * The condition and arguments that find the row of one id: the slots of its second, and the id; empty when no row can
     * have it (not a device observation's id, or its patient has no number).
     */
    Optional<SearchSql.Condition> ofId(String id) {
        Optional<Named> named = named(id);
        Long number = named.map(name -> numbers(List.of(name.patientId()), false).get(name.patientId())).orElse(null);
        if (number == null) {
            return Optional.empty();
        }
        long first = key(number, named.get().epochSecond(), 0);
        return Optional.of(new SearchSql.Condition(IN_RANGE + " and d.res_id = ?", List.of(first, first + SLOTS, id)));
    }

    /** The arguments of {@link #IN_RANGE} for one patient's rows; empty when it has none (no number). */
    Optional<List<Object>> rangeOf(String patientId) {
        Long number = numbers(List.of(patientId), false).get(patientId);
        return Optional.ofNullable(number).map(n -> List.of(n << (SECOND_BITS + SLOT_BITS), n + 1 << (SECOND_BITS + SLOT_BITS)));
    }

    /** The ids among {@code ids} that are stored. */
    Set<String> existing(Collection<String> ids) {
        Set<String> found = new HashSet<>();
        for (String id : ids) {
            ofId(id).ifPresent(condition -> found.addAll(jdbc.queryForList("select res_id from device_observation d where "
                    + condition.sql(), String.class, condition.args().toArray())));
        }
        return found;
    }

    Optional<StoredResource> read(String id) {
        return ofId(id).flatMap(condition -> jdbc.query(SELECT + " where " + condition.sql(), ResourceStore::mapRow,
                condition.args().toArray()).stream().findFirst()).map(this::rendered);
    }

    /**
     * One page of the person's device observations, patient after patient, each in time order (each patient's rows are one
     * range of the key: read so, a page costs what it returns, where one query over all of them would scan the table).
     */
    List<StoredResource> ofPerson(long personKey, Timestamp since, int count, int offset) {
        List<StoredResource> page = new ArrayList<>();
        long skip = offset;
        for (String patient : patientsOf(personKey)) {
            if (page.size() >= count) {
                break;
            }
            Optional<List<Object>> range = rangeOf(patient);
            if (range.isEmpty()) {
                continue;
            }
            List<Object> args = new ArrayList<>(range.get());
            String condition = IN_RANGE;
            if (since != null) {
                condition += " and d.last_updated >= ?";
                args.add(since);
            }
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(count - page.size());
            pageArgs.add(skip);
            List<StoredResource> rows = jdbc.query(SELECT + " where " + condition + " order by d.row_key limit ? offset ?", ResourceStore::mapRow,
                    pageArgs.toArray());
            if (rows.isEmpty() && skip > 0) {
                skip = Math.max(0, skip - jdbc.queryForObject("select count(*) from device_observation d where " + condition, Long.class,
                        args.toArray()));
            } else {
                skip = 0;
                rows.stream().map(this::rendered).forEach(page::add);
            }
        }
        return page;
    }

    /** What a purge deleted: rows and their body bytes. */
    record Purged(int rows, long bytes) {
    }

    /** Deletes the person's device observations in the caller's transaction; the patients keep their numbers. */
    Purged purge(long personKey) {
        int rows = 0;
        long bytes = 0;
        for (String patient : patientsOf(personKey)) {
            Optional<List<Object>> numbered = rangeOf(patient);
            if (numbered.isEmpty()) {
                continue;
            }
            Object[] range = numbered.get().toArray();
            bytes += jdbc.queryForObject("select coalesce(sum(length(body)), 0) from device_observation d where " + IN_RANGE, Long.class, range);
            rows += jdbc.update("delete from device_observation d where " + IN_RANGE, range);
        }
        return new Purged(rows, bytes);
    }

    private List<String> patientsOf(long personKey) {
        return jdbc.queryForList("select patient_id from patient_link where person_key = ? order by patient_id", String.class, personKey);
    }

    /**
     * What a row keeps of a reading: {@code ["<form>","<meta.source>",<values>]}, the values being the JSON array the
     * converter wrote. The ledger's digest of the readings is of these bytes.
     */
    public static byte[] compact(String form, String metaSource, byte[] values) {
        JsonStringEncoder quote = JsonStringEncoder.getInstance();
        byte[] name = quote.quoteAsUTF8(form);
        byte[] source = quote.quoteAsUTF8(metaSource);
        byte[] row = new byte[name.length + source.length + values.length + 8];
        int at = 0;
        row[at++] = '[';
        row[at++] = '"';
        System.arraycopy(name, 0, row, at, name.length);
        at += name.length;
        row[at++] = '"';
        row[at++] = ',';
        row[at++] = '"';
        System.arraycopy(source, 0, row, at, source.length);
        at += source.length;
        row[at++] = '"';
        row[at++] = ',';
        System.arraycopy(values, 0, row, at, values.length);
        at += values.length;
        row[at] = ']';
        return row;
    }

    /** The row as served: its compact body rendered as the Observation (rows from before V10 hold it already). */
    StoredResource rendered(StoredResource row) {
        byte[] body = render(row.id(), row.lastUpdated(), row.body());
        return body == row.body() ? row : new StoredResource(row.type(), row.id(), row.version(), row.deleted(), row.personKey(),
                row.lastUpdated(), row.sourceId(), row.sourceResourceId(), row.submissionId(), body);
    }

    /** The Observation's JSON of a stored reading: version 1, last updated when stored, about the patient its id names. */
    public byte[] render(String id, Instant lastUpdated, byte[] stored) {
        if (stored.length == 0 || stored[0] != '[') {
            return stored;
        }
        JsonNode row;
        try {
            row = MAPPER.readTree(stored);
        } catch (IOException e) {
            throw new ArchiveDamagedException("Observation/" + id + " is kept damaged: " + e.getMessage());
        }
        DeviceObservationForm form = forms.get(row.path(0).asText());
        Optional<Named> named = named(id);
        if (form == null || named.isEmpty()) {
            throw new ArchiveDamagedException("Observation/" + id + " is kept in form " + row.path(0) + ", which this hub cannot read");
        }
        try {
            return observation(form, id, lastUpdated, row.path(1).asText(), "Patient/" + named.get().patientId(), row.path(2));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new ArchiveDamagedException("Observation/" + id + " cannot be rendered from what is kept: " + e.getMessage());
        }
    }

    /** The Observation a form renders from its values, with the hub's id and meta. */
    public static byte[] observation(DeviceObservationForm form, String id, Instant lastUpdated, String metaSource, String subjectReference,
                                     JsonNode values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(768);
        try (JsonGenerator json = MAPPER.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("resourceType", TYPE);
            json.writeStringField("id", id);
            json.writeObjectFieldStart("meta");
            json.writeStringField("versionId", "1");
            json.writeStringField("lastUpdated", lastUpdated.toString());
            json.writeStringField("source", metaSource);
            json.writeEndObject();
            form.write(json, values, subjectReference);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void bind(PreparedStatement ps, Keyed row) throws SQLException {
        DeviceObservation observation = row.observation();
        ps.setLong(1, row.key());
        ps.setString(2, observation.id());
        ps.setString(3, observation.patientId());
        ps.setString(4, observation.category());
        ps.setString(5, observation.codeSystem());
        ps.setString(6, observation.code());
        ps.setString(7, observation.code2());
        ps.setTimestamp(8, Timestamp.from(observation.dateLow()));
        ps.setTimestamp(9, Timestamp.from(observation.dateHigh()));
        ps.setTimestamp(10, Timestamp.from(observation.lastUpdated()));
        ps.setLong(11, observation.sourceId());
        ps.setString(12, observation.sourceResourceId());
        ps.setLong(13, observation.submissionId());
        ps.setBytes(14, observation.body());
    }
}
