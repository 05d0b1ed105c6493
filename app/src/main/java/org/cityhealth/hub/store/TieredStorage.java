package org.cityhealth.hub.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.cityhealth.crypto.EncryptingObjectStore;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.store.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves resource versions between tiers, always in the order copy, verify, switch, delete, so that a crash at any
 * point leaves every version readable from exactly one place:
 * <ul>
 *   <li>hot → warm: compress into {@code resource_warm}, decompress to check, then in the same transaction mark
 *       the row warm and drop its hot body;</li>
 *   <li>hot/warm → cold: write the archive and its manifest to the (encrypted) object store, read both back and
 *       check every record, then in one transaction point the rows at the archive and drop their bodies; a crash
 *       before that commit leaves an orphan object that {@link #reconcile} deletes;</li>
 *   <li>warm/cold → hot (recall): read and check, then in one transaction put the bodies back and retire the
 *       archives; their objects are deleted after the commit (or by {@link #reconcile}).</li>
 * </ul>
 * Each move is written to {@code storage_move} and to the ledger.
 */
@Service
public class TieredStorage {

    private static final Logger log = LoggerFactory.getLogger(TieredStorage.class);
    private static final int IN_CHUNK = 500;
    private static final String PREFIX = "cold/";
    /** An archive object younger than this may belong to a move that has not committed yet: reconcile leaves it. */
    private static final Duration ORPHAN_AGE = Duration.ofMinutes(10);

    /** What a move did. */
    public record Move(int records, long bytesBefore, long bytesAfter) {
        static final Move NONE = new Move(0, 0, 0);
    }

    /** A cold archive's row. */
    public record ColdArchive(long id, long personKey, String period, String objectKey, String state, int records,
                              long plainBytes, long storedBytes, String sha256, Integer dictionaryId, Instant createdAt,
                              Instant verifiedAt, String damage) {
        public String manifestKey() {
            return objectKey.replace(".ndjson.zst", ".manifest.json");
        }
    }

    /** Re-derives archived versions from elsewhere (the vault) when their archive is damaged; see the lifecycle module. */
    public interface ArchiveRepair {
        /** Bodies by {@link ArchivedRecord#key()} whose SHA-256 matches the record's; missing keys could not be re-derived. */
        Map<String, byte[]> rederive(List<ArchivedRecord> wanted);
    }

    /** The outcome of a check of one archive. */
    public record ArchiveCheck(ColdArchive archive, boolean intact, String problem, boolean repaired) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectStore sealed;
    private final Dictionaries dictionaries;
    private final StorageSettings settings;
    private final Ledger ledger;
    private final ObjectProvider<ArchiveRepair> repair;
    private final ObjectMapper mapper = new ObjectMapper();

    private final DeviceObservations devices;

    TieredStorage(JdbcTemplate jdbc, TransactionTemplate transactions, EncryptingObjectStore sealed, Dictionaries dictionaries,
                  StorageSettings settings, Ledger ledger, ObjectProvider<ArchiveRepair> repair, DeviceObservations devices) {
        this.devices = devices;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.sealed = sealed;
        this.dictionaries = dictionaries;
        this.settings = settings;
        this.ledger = ledger;
        this.repair = repair;
    }

    // ---------------------------------------------------------------- hot → warm

    /** Compresses every hot version of the given resources (of any persons) into the warm tier. */
    public Move toWarm(List<String> resourceIds, LedgerEvent.Actor actor) {
        if (resourceIds.isEmpty()) {
            return Move.NONE;
        }
        Dictionaries.Dictionary dictionary = dictionaries.current();
        record Compressed(String id, int version, long person, byte[] body, String sha256) {
        }
        List<Compressed> compressed = new ArrayList<>();
        long before = 0;
        long after = 0;
        for (List<String> chunk : chunks(resourceIds)) {
            List<Object[]> rows = jdbc.query("select res_id, version, person_key, body from resource where res_id in ("
                    + ResourceStore.marks(chunk.size()) + ") and tier = 'H'",
                    (rs, row) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getBytes(4)}, chunk.toArray());
            for (Object[] row : rows) {
                byte[] body = (byte[]) row[3];
                byte[] packed = dictionaries.compress(body, dictionary, settings.warmLevel());
                // Verify before the switch: the copy must give back the very bytes.
                if (!java.util.Arrays.equals(body, dictionaries.decompress(packed, dictionary == null ? null : dictionary.id()))) {
                    throw new IllegalStateException("warm copy of " + row[0] + "/" + row[1] + " does not decompress to its body");
                }
                compressed.add(new Compressed((String) row[0], (Integer) row[1], (Long) row[2], packed, ArchiveFormat.sha256(body)));
                before += body.length;
                after += packed.length;
            }
        }
        if (compressed.isEmpty()) {
            return Move.NONE;
        }
        long bytesBefore = before;
        long bytesAfter = after;
        transactions.executeWithoutResult(status -> {
            jdbc.batchUpdate("insert into resource_warm (res_id, version, dict_id, body) values (?,?,?,?)", compressed, 500,
                    (ps, c) -> {
                        ps.setString(1, c.id());
                        ps.setInt(2, c.version());
                        if (dictionary == null) {
                            ps.setNull(3, java.sql.Types.INTEGER);
                        } else {
                            ps.setInt(3, dictionary.id());
                        }
                        ps.setBytes(4, c.body());
                    });
            int[][] switched = jdbc.batchUpdate("update resource set tier = 'W', body = null, body_sha256 = ? where res_id = ? and version = ? and tier = 'H'",
                    compressed, 500, (ps, c) -> {
                        ps.setString(1, c.sha256());
                        ps.setString(2, c.id());
                        ps.setInt(3, c.version());
                    });
            requireAll(switched, "a version changed tier while it was being moved to warm");
            Set<Long> persons = new java.util.TreeSet<>();
            compressed.forEach(c -> persons.add(c.person()));
            persons.forEach(this::refreshCounts);
            recordMove("WARM", 0L, compressed.size(), bytesBefore, bytesAfter, persons.size() + " persons");
            ledger.record(LedgerEvent.permit("storage.warm").by(actor).detail("records", compressed.size())
                    .detail("persons", persons.size()).detail("bytes", bytesBefore).detail("compressedBytes", bytesAfter));
        });
        return new Move(compressed.size(), bytesBefore, bytesAfter);
    }

    // ---------------------------------------------------------------- hot/warm → cold

    /** Archives every hot and warm version of the person's given resources into a new cold archive of one period. */
    public Move toCold(long personKey, String period, List<String> resourceIds, LedgerEvent.Actor actor) throws IOException {
        if (resourceIds.isEmpty()) {
            return Move.NONE;
        }
        List<ArchivedRecord> records = new ArrayList<>();
        Map<String, Character> tierOf = new HashMap<>();
        for (List<String> chunk : chunks(resourceIds)) {
            List<Object> args = new ArrayList<>(List.of(personKey));
            args.addAll(chunk);
            jdbc.query("""
                    select r.res_type, r.res_id, r.version, r.current_version, r.deleted, r.last_updated, r.submission_id, r.tier,
                      r.body, r.body_sha256, w.dict_id, w.body
                    from resource r left join resource_warm w on w.res_id = r.res_id and w.version = r.version
                    where r.person_key = ? and r.tier in ('H', 'W') and r.res_id in (""" + ResourceStore.marks(chunk.size()) + ")", rs -> {
                char tier = rs.getString(8).charAt(0);
                byte[] body = tier == 'H' ? rs.getBytes(9) : dictionaries.decompress(rs.getBytes(12), (Integer) rs.getObject(11));
                String sha256 = ArchiveFormat.sha256(body);
                if (tier == 'W' && !sha256.equals(rs.getString(10))) {
                    throw new ArchiveDamagedException("warm body of " + rs.getString(2) + "/" + rs.getInt(3) + " does not match its SHA-256");
                }
                ArchivedRecord record = new ArchivedRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5),
                        rs.getTimestamp(6).toInstant(), rs.getLong(7), sha256, body);
                records.add(record);
                tierOf.put(record.key(), tier);
            }, args.toArray());
        }
        if (records.isEmpty()) {
            return Move.NONE;
        }
        Written written = writeArchive(personKey, period, records);
        try {
            transactions.executeWithoutResult(status -> {
                long archiveId = insertArchive(personKey, period, written);
                int[][] switched = jdbc.batchUpdate("""
                        update resource set tier = 'C', archive_id = ?, body = null, body_sha256 = ?
                        where res_id = ? and version = ? and tier = ?""", records, 500, (ps, r) -> {
                    ps.setLong(1, archiveId);
                    ps.setString(2, r.sha256());
                    ps.setString(3, r.id());
                    ps.setInt(4, r.version());
                    ps.setString(5, String.valueOf(tierOf.get(r.key())));
                });
                requireAll(switched, "a version changed while it was being archived");
                List<ArchivedRecord> warm = records.stream().filter(r -> tierOf.get(r.key()) == 'W').toList();
                jdbc.batchUpdate("delete from resource_warm where res_id = ? and version = ?", warm, 500, (ps, r) -> {
                    ps.setString(1, r.id());
                    ps.setInt(2, r.version());
                });
                refreshCounts(personKey);
                recordMove("COLD", personKey, records.size(), written.plainBytes(), written.storedBytes(), period);
                ledger.record(LedgerEvent.permit("storage.cold").by(actor).person(personKey).detail("period", period)
                        .detail("archive", archiveId).detail("records", records.size()).detail("sha256", written.sha256())
                        .detail("bytes", written.plainBytes()).detail("storedBytes", written.storedBytes()));
            });
        } catch (RuntimeException e) {
            deleteQuietly(written.objectKey());
            deleteQuietly(written.manifestKey());
            throw e;
        }
        return new Move(records.size(), written.plainBytes(), written.storedBytes());
    }

    private record Written(String objectKey, String manifestKey, String sha256, long plainBytes, long storedBytes, Integer dictionaryId,
                           int records) {
    }

    private Written writeArchive(long personKey, String period, List<ArchivedRecord> records) throws IOException {
        Dictionaries.Dictionary dictionary = dictionaries.current();
        byte[] ndjson = ArchiveFormat.write(records);
        String sha256 = ArchiveFormat.sha256(ndjson);
        byte[] compressed = dictionaries.compress(ndjson, dictionary, settings.coldLevel());
        String base = PREFIX + (personKey % 1000) + "/" + personKey + "/" + safe(period) + "-" + System.currentTimeMillis() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        String objectKey = base + ".ndjson.zst";
        String manifestKey = base + ".manifest.json";
        Integer dictionaryId = dictionary == null ? null : dictionary.id();
        byte[] manifest = manifest(personKey, period, records, sha256, ndjson.length, compressed.length, dictionaryId);
        sealed.put(objectKey, compressed);
        sealed.put(manifestKey, manifest);
        // Verify the copy before anything points at it: read back through decryption, decompress, check every line.
        List<ArchivedRecord> back = readObject(objectKey, sha256, dictionaryId);
        if (back.size() != records.size()) {
            throw new ArchiveDamagedException("archive " + objectKey + " read back " + back.size() + " of " + records.size() + " records");
        }
        for (int i = 0; i < back.size(); i++) {
            if (!back.get(i).key().equals(records.get(i).key()) || !back.get(i).sha256().equals(records.get(i).sha256())) {
                throw new ArchiveDamagedException("archive " + objectKey + " read back a different record at line " + (i + 1));
            }
        }
        return new Written(objectKey, manifestKey, sha256, ndjson.length, compressed.length, dictionaryId, records.size());
    }

    private byte[] manifest(long personKey, String period, List<ArchivedRecord> records, String sha256, long plainBytes,
                            long storedBytes, Integer dictionaryId) {
        ObjectNode manifest = mapper.createObjectNode();
        manifest.put("format", ArchiveFormat.FORMAT);
        manifest.put("person", personKey);
        manifest.put("period", period);
        manifest.put("created", Instant.now().toString());
        manifest.put("compression", "zstd");
        if (dictionaryId != null) {
            manifest.put("dictionary", dictionaryId);
        }
        manifest.put("records", records.size());
        manifest.put("ndjsonBytes", plainBytes);
        manifest.put("compressedBytes", storedBytes);
        manifest.put("ndjsonSha256", sha256);
        ArrayNode entries = manifest.putArray("entries");
        for (ArchivedRecord record : records) {
            entries.addObject().put("ref", record.type() + "/" + record.id() + "/_history/" + record.version())
                    .put("sha256", record.sha256()).put("bytes", record.body().length);
        }
        try {
            return mapper.writeValueAsBytes(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long insertArchive(long personKey, String period, Written written) {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                insert into cold_archive (person_key, period, object_key, state, records, plain_bytes, stored_bytes, sha256, dict_id,
                  created_at, verified_at) values (?,?,?,'ACTIVE',?,?,?,?,?,?,?)""",
                personKey, period, written.objectKey(), written.records(), written.plainBytes(), written.storedBytes(), written.sha256(),
                written.dictionaryId(), now, now);
        return jdbc.queryForObject("select id from cold_archive where object_key = ?", Long.class, written.objectKey());
    }

    // ---------------------------------------------------------------- recall

    /** Whether the person has versions off the hot tier, and how many of them are cold. */
    public record OffHot(int warm, int cold) {
        public boolean any() {
            return warm > 0 || cold > 0;
        }
    }

    public OffHot offHot(long personKey) {
        return jdbc.query("select warm_records, cold_records from person_storage where person_key = ?",
                (rs, row) -> new OffHot(rs.getInt(1), rs.getInt(2)), personKey).stream().findFirst().orElse(new OffHot(0, 0));
    }

    /**
     * Brings every warm and cold version of the person back to hot and keeps the person hot until {@code hotUntil}
     * (the lifecycle leaves it alone until then). Archives that fail their checks are repaired from the vault when
     * every record can be re-derived exactly; otherwise this throws {@link ArchiveDamagedException} and moves nothing.
     */
    public Move recall(long personKey, Instant hotUntil, String reason, LedgerEvent.Actor actor) {
        List<ColdArchive> archives = archives(personKey, "ACTIVE");
        List<ArchivedRecord> records = new ArrayList<>();
        long storedBytes = 0;
        for (ColdArchive archive : archives) {
            records.addAll(readOrRepair(archive));
            storedBytes += archive.storedBytes();
        }
        List<Object[]> warm = jdbc.query("""
                select w.res_id, w.version, w.dict_id, w.body, r.body_sha256 from resource r
                join resource_warm w on w.res_id = r.res_id and w.version = r.version where r.person_key = ? and r.tier = 'W'""",
                (rs, row) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getObject(3), rs.getBytes(4), rs.getString(5)}, personKey);
        List<Object[]> warmBodies = new ArrayList<>();
        for (Object[] row : warm) {
            byte[] body = dictionaries.decompress((byte[]) row[3], (Integer) row[2]);
            if (!ArchiveFormat.sha256(body).equals(row[4])) {
                throw new ArchiveDamagedException("warm body of " + row[0] + "/" + row[1] + " does not match its SHA-256");
            }
            storedBytes += ((byte[]) row[3]).length;
            warmBodies.add(new Object[] {body, row[0], row[1]});
        }
        if (archives.isEmpty() && warm.isEmpty()) {
            keepHot(personKey, hotUntil);
            return Move.NONE;
        }
        long plainBytes = records.stream().mapToLong(r -> r.body().length).sum() + warmBodies.stream().mapToLong(w -> ((byte[]) w[0]).length).sum();
        long stored = storedBytes;
        transactions.executeWithoutResult(status -> {
            int[][] back = jdbc.batchUpdate("""
                    update resource set body = ?, tier = 'H', archive_id = null, body_sha256 = null
                    where res_id = ? and version = ? and tier = 'C'""", records, 500, (ps, r) -> {
                ps.setBytes(1, r.body());
                ps.setString(2, r.id());
                ps.setInt(3, r.version());
            });
            requireAll(back, "an archived version was no longer cold");
            int[][] warmBack = jdbc.batchUpdate("update resource set body = ?, tier = 'H', body_sha256 = null where res_id = ? and version = ? and tier = 'W'",
                    warmBodies, 500, (ps, w) -> {
                        ps.setBytes(1, (byte[]) w[0]);
                        ps.setString(2, (String) w[1]);
                        ps.setInt(3, (Integer) w[2]);
                    });
            requireAll(warmBack, "a warm version was no longer warm");
            jdbc.batchUpdate("delete from resource_warm where res_id = ? and version = ?", warmBodies, 500, (ps, w) -> {
                ps.setString(1, (String) w[1]);
                ps.setInt(2, (Integer) w[2]);
            });
            for (ColdArchive archive : archives) {
                jdbc.update("update cold_archive set state = 'RETIRED' where id = ? and state = 'ACTIVE'", archive.id());
            }
            refreshCounts(personKey);
            keepHot(personKey, hotUntil);
            recordMove("RECALL", personKey, records.size() + warmBodies.size(), stored, plainBytes, reason);
            ledger.record(LedgerEvent.permit("storage.recall").by(actor).person(personKey).because(reason)
                    .detail("archives", archives.size()).detail("records", records.size() + warmBodies.size())
                    .detail("hotUntil", hotUntil));
        });
        for (ColdArchive archive : archives) {
            deleteQuietly(archive.objectKey());
            deleteQuietly(archive.manifestKey());
        }
        return new Move(records.size() + warmBodies.size(), stored, plainBytes);
    }

    private void keepHot(long personKey, Instant hotUntil) {
        if (hotUntil == null) {
            return;
        }
        ensureRow(personKey);
        jdbc.update("update person_storage set recalled_until = ? where person_key = ? and (recalled_until is null or recalled_until < ?)",
                Timestamp.from(hotUntil), personKey, Timestamp.from(hotUntil));
    }

    // ---------------------------------------------------------------- integrity

    public List<ColdArchive> archives(long personKey, String state) {
        return jdbc.query(ARCHIVE_SELECT + " where person_key = ? and state = ? order by period, id", TieredStorage::archive, personKey, state);
    }

    public Optional<ColdArchive> archive(long id) {
        return jdbc.query(ARCHIVE_SELECT + " where id = ?", TieredStorage::archive, id).stream().findFirst();
    }

    /** Active archives least recently verified first: what the scrubber checks next. */
    public List<ColdArchive> dueForCheck(int limit) {
        return jdbc.query(ARCHIVE_SELECT + " where state = 'ACTIVE' order by verified_at nulls first, id limit ?", TieredStorage::archive, limit);
    }

    /**
     * Re-reads an archive and checks its checksums and every record against the database; a damaged one is rebuilt
     * from records re-derived from the vault when all of them can be, and stays flagged as damaged otherwise.
     */
    public ArchiveCheck check(ColdArchive archive) {
        try {
            List<ArchivedRecord> records = readObject(archive.objectKey(), archive.sha256(), archive.dictionaryId());
            String mismatch = compareWithRows(archive, records);
            if (mismatch == null) {
                jdbc.update("update cold_archive set verified_at = ?, damage = null where id = ?", Timestamp.from(Instant.now()), archive.id());
                return new ArchiveCheck(archive, true, null, false);
            }
            throw new ArchiveDamagedException(mismatch);
        } catch (ArchiveDamagedException | IOException e) {
            String problem = e instanceof ObjectStore.NoSuchObjectException ? "archive object is missing" : e.getMessage();
            log.warn("cold archive {} of person {} is damaged: {}", archive.id(), archive.personKey(), problem);
            try {
                rebuild(archive, repairedRecords(archive, problem));
                return new ArchiveCheck(archive, false, problem, true);
            } catch (ArchiveDamagedException | IOException unrepaired) {
                jdbc.update("update cold_archive set damage = ? where id = ?", abbreviate(problem + "; not repaired: " + unrepaired.getMessage()), archive.id());
                return new ArchiveCheck(archive, false, problem, false);
            }
        }
    }

    private List<ArchivedRecord> readOrRepair(ColdArchive archive) {
        try {
            List<ArchivedRecord> records = readObject(archive.objectKey(), archive.sha256(), archive.dictionaryId());
            String mismatch = compareWithRows(archive, records);
            if (mismatch != null) {
                throw new ArchiveDamagedException(mismatch);
            }
            return records;
        } catch (ArchiveDamagedException | IOException e) {
            String problem = e instanceof ObjectStore.NoSuchObjectException ? "archive object is missing" : e.getMessage();
            log.warn("recalling person {}: cold archive {} is damaged ({}); re-deriving from the vault", archive.personKey(), archive.id(), problem);
            List<ArchivedRecord> repaired = repairedRecords(archive, problem);
            recordMove("REPAIR", archive.personKey(), repaired.size(), 0, 0, "archive " + archive.id() + ": " + abbreviate(problem));
            return repaired;
        }
    }

    /** The archive's records as the database expects them, with bodies re-derived from the vault; throws unless all are. */
    private List<ArchivedRecord> repairedRecords(ColdArchive archive, String problem) {
        List<ArchivedRecord> expected = expectedRecords(archive.id());
        ArchiveRepair repairer = repair.getIfAvailable();
        if (repairer == null) {
            throw new ArchiveDamagedException("archive " + archive.id() + " is damaged (" + problem + ") and no repair is configured");
        }
        Map<String, byte[]> bodies = repairer.rederive(expected);
        List<ArchivedRecord> repaired = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ArchivedRecord record : expected) {
            byte[] body = bodies.get(record.key());
            if (body == null || !ArchiveFormat.sha256(body).equals(record.sha256())) {
                missing.add(record.key());
            } else {
                repaired.add(new ArchivedRecord(record.type(), record.id(), record.version(), record.current(), record.deleted(),
                        record.lastUpdated(), record.submissionId(), record.sha256(), body));
            }
        }
        if (!missing.isEmpty()) {
            throw new ArchiveDamagedException("archive " + archive.id() + " is damaged (" + problem + ") and " + missing.size() + " of "
                    + expected.size() + " records could not be re-derived from the vault, first " + missing.get(0));
        }
        return repaired;
    }

    /** Writes a fresh archive of the records and points the rows at it in place of the damaged one. */
    private void rebuild(ColdArchive damaged, List<ArchivedRecord> records) throws IOException {
        Written written = writeArchive(damaged.personKey(), damaged.period(), records);
        try {
            transactions.executeWithoutResult(status -> {
                long archiveId = insertArchive(damaged.personKey(), damaged.period(), written);
                int moved = jdbc.update("update resource set archive_id = ? where archive_id = ? and tier = 'C'", archiveId, damaged.id());
                if (moved != records.size()) {
                    throw new ArchiveDamagedException("archive " + damaged.id() + " changed while it was being repaired");
                }
                jdbc.update("update cold_archive set state = 'RETIRED', damage = ? where id = ?", "repaired into archive " + archiveId, damaged.id());
                recordMove("REPAIR", damaged.personKey(), records.size(), damaged.storedBytes(), written.storedBytes(),
                        "archive " + damaged.id() + " rebuilt as " + archiveId + " from the vault");
                ledger.record(LedgerEvent.permit("storage.repair").by(LedgerEvent.Actor.HUB).person(damaged.personKey())
                        .detail("archive", damaged.id()).detail("replacement", archiveId).detail("records", records.size()));
            });
        } catch (RuntimeException e) {
            deleteQuietly(written.objectKey());
            deleteQuietly(written.manifestKey());
            throw e;
        }
        deleteQuietly(damaged.objectKey());
        deleteQuietly(damaged.manifestKey());
    }

    private List<ArchivedRecord> expectedRecords(long archiveId) {
        return jdbc.query("""
                select res_type, res_id, version, current_version, deleted, last_updated, submission_id, body_sha256
                from resource where archive_id = ? and tier = 'C' order by res_type, res_id, version""",
                (rs, row) -> new ArchivedRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5),
                        rs.getTimestamp(6).toInstant(), rs.getLong(7), rs.getString(8), null), archiveId);
    }

    private String compareWithRows(ColdArchive archive, List<ArchivedRecord> records) {
        Map<String, String> inArchive = new HashMap<>();
        records.forEach(r -> inArchive.put(r.key(), r.sha256()));
        for (ArchivedRecord expected : expectedRecords(archive.id())) {
            String sha256 = inArchive.get(expected.key());
            if (sha256 == null) {
                return "archive lacks " + expected.key();
            }
            if (!sha256.equals(expected.sha256())) {
                return expected.key() + " in the archive does not match the SHA-256 on record";
            }
        }
        return null;
    }

    private List<ArchivedRecord> readObject(String objectKey, String sha256, Integer dictionaryId) throws IOException {
        byte[] compressed;
        try (InputStream in = sealed.get(objectKey)) {
            compressed = in.readAllBytes();
        } catch (org.cityhealth.crypto.IntegrityException e) {
            throw new ArchiveDamagedException("archive " + objectKey + " fails decryption: " + e.getMessage());
        }
        byte[] ndjson;
        try {
            ndjson = dictionaries.decompress(compressed, dictionaryId);
        } catch (RuntimeException e) {
            throw new ArchiveDamagedException("archive " + objectKey + " does not decompress: " + e.getMessage());
        }
        if (!ArchiveFormat.sha256(ndjson).equals(sha256)) {
            throw new ArchiveDamagedException("archive " + objectKey + " does not match its SHA-256");
        }
        return ArchiveFormat.read(ndjson);
    }

    /** What {@link #reconcile} found and did. */
    public record Reconciliation(int objects, int orphansDeleted, int retiredDeleted, int missing) {
    }

    /**
     * Deletes archive objects that no active archive names (left by a crash between writing an archive and committing
     * the switch, or between retiring one and deleting it) and counts active archives whose object is missing. Objects
     * younger than ten minutes are left alone unless {@code includeRecent}: their move may still commit.
     */
    public Reconciliation reconcile(boolean includeRecent) throws IOException {
        Set<String> active = new java.util.HashSet<>(jdbc.queryForList("select object_key from cold_archive where state = 'ACTIVE'", String.class));
        Set<String> retired = new java.util.HashSet<>(jdbc.queryForList("select object_key from cold_archive where state = 'RETIRED'", String.class));
        long cutoff = System.currentTimeMillis() - ORPHAN_AGE.toMillis();
        int objects = 0;
        int orphans = 0;
        int retiredDeleted = 0;
        Set<String> present = new java.util.HashSet<>();
        for (String key : sealed.list(PREFIX)) {
            objects++;
            String archiveKey = key.endsWith(".manifest.json") ? key.replace(".manifest.json", ".ndjson.zst") : key;
            present.add(archiveKey);
            if (active.contains(archiveKey)) {
                continue;
            }
            if (retired.contains(archiveKey)) {
                sealed.delete(key);
                retiredDeleted++;
            } else if (includeRecent || createdMillis(key) < cutoff) {
                sealed.delete(key);
                orphans++;
            }
        }
        // Half-written objects of a killed writer (the local backend's temporary files) are orphans too.
        orphans += sealed.sweep(PREFIX, includeRecent ? Duration.ZERO : ORPHAN_AGE);
        int missing = (int) active.stream().filter(key -> !present.contains(key)).count();
        return new Reconciliation(objects, orphans, retiredDeleted, missing);
    }

    private static long createdMillis(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        String[] parts = name.split("-");
        try {
            return Long.parseLong(parts[parts.length - 2]);
        } catch (RuntimeException e) {
            return 0L;
        }
    }

    // ---------------------------------------------------------------- purge

    /**
     * Deletes every version, index entry and archive of the person, and its device observations. The lifecycle module
     * decides whether it may.
     */
    public Move purge(long personKey, String reason, LedgerEvent.Actor actor) {
        List<ColdArchive> archives = new ArrayList<>(archives(personKey, "ACTIVE"));
        long[] bytes = {0};
        int[] records = {0};
        transactions.executeWithoutResult(status -> {
            DeviceObservations.Purged readings = devices.purge(personKey);
            bytes[0] = jdbc.queryForObject("select coalesce(sum(length(body)), 0) from resource where person_key = ?", Long.class, personKey)
                    + readings.bytes() + archives.stream().mapToLong(ColdArchive::storedBytes).sum();
            jdbc.update("delete from search_token where res_id in (select res_id from resource where person_key = ?)", personKey);
            // The identity fields the person index compared are personal data too; the links stay (they name no one).
            for (String table : List.of("mpi_block", "mpi_record")) {
                jdbc.update("delete from " + table + " where patient_id in (select patient_id from patient_link where person_key = ?)", personKey);
            }
            jdbc.update("delete from data_quality_issue where res_id in (select patient_id from patient_link where person_key = ?)", personKey);
            jdbc.update("delete from resource_warm where res_id in (select res_id from resource where person_key = ? and tier = 'W')", personKey);
            records[0] = jdbc.update("delete from resource where person_key = ?", personKey);
            records[0] += readings.rows();
            jdbc.update("update cold_archive set state = 'RETIRED', damage = 'purged' where person_key = ? and state = 'ACTIVE'", personKey);
            jdbc.update("delete from person_storage where person_key = ?", personKey);
            jdbc.update("delete from person_access where person_key = ?", personKey);
            jdbc.update("update person set purged_at = ? where person_key = ?", Timestamp.from(Instant.now()), personKey);
            recordMove("PURGE", personKey, records[0], bytes[0], 0, reason);
            ledger.record(LedgerEvent.permit("storage.purge").by(actor).person(personKey).because(reason)
                    .detail("records", records[0]).detail("archives", archives.size()));
        });
        for (ColdArchive archive : archives) {
            deleteQuietly(archive.objectKey());
            deleteQuietly(archive.manifestKey());
        }
        return new Move(records[0], bytes[0], 0);
    }

    // ---------------------------------------------------------------- helpers

    /** Keeps the per-person counters exact: recounted from the rows in the same transaction as every move. */
    private void refreshCounts(long personKey) {
        ensureRow(personKey);
        jdbc.update("""
                update person_storage set
                  warm_records = (select count(*) from resource where tier = 'W' and person_key = ?),
                  cold_records = (select count(*) from resource where tier = 'C' and person_key = ?)
                where person_key = ?""", personKey, personKey, personKey);
    }

    private void ensureRow(long personKey) {
        if (jdbc.update("update person_storage set person_key = person_key where person_key = ?", personKey) == 0) {
            try {
                jdbc.update("insert into person_storage (person_key) values (?)", personKey);
            } catch (org.springframework.dao.DuplicateKeyException concurrent) {
                // created by a concurrent move of the same person: fine, the row exists
            }
        }
    }

    private void recordMove(String kind, long personKey, int records, long bytesBefore, long bytesAfter, String detail) {
        jdbc.update("insert into storage_move (moved_at, kind, person_key, records, bytes_before, bytes_after, detail) values (?,?,?,?,?,?,?)",
                Timestamp.from(Instant.now()), kind, personKey, records, bytesBefore, bytesAfter, detail == null ? null : abbreviate(detail));
    }

    private void deleteQuietly(String key) {
        try {
            sealed.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete {} ({}); reconciliation will", key, e.getMessage());
        }
    }

    private static void requireAll(int[][] counts, String message) {
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count != 1 && count != java.sql.Statement.SUCCESS_NO_INFO) {
                    throw new IllegalStateException(message);
                }
            }
        }
    }

    private static List<List<String>> chunks(List<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        for (int start = 0; start < ids.size(); start += IN_CHUNK) {
            chunks.add(ids.subList(start, Math.min(ids.size(), start + IN_CHUNK)));
        }
        return chunks;
    }

    private static String safe(String period) {
        return period.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String abbreviate(String text) {
        return text.length() <= 1000 ? text : text.substring(0, 999) + "…";
    }

    private static final String ARCHIVE_SELECT = """
            select id, person_key, period, object_key, state, records, plain_bytes, stored_bytes, sha256, dict_id, created_at,
              verified_at, damage from cold_archive""";

    private static ColdArchive archive(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp verified = rs.getTimestamp(12);
        return new ColdArchive(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6),
                rs.getLong(7), rs.getLong(8), rs.getString(9), (Integer) rs.getObject(10), rs.getTimestamp(11).toInstant(),
                verified == null ? null : verified.toInstant(), rs.getString(13));
    }
}
