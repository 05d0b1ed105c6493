package org.cityhealth.hub.vault;

import static java.util.Objects.requireNonNull;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.store.ObjectStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Receives, keeps and restores raw submissions. */
@Service
public class Vault {

    /** Bodies up to this size are handled in memory; larger ones are spooled to a file while they arrive. */
    private static final int IN_MEMORY_LIMIT = 8 * 1024 * 1024;
    /** zstd level: 3 is zstd's default, the knee of its speed/ratio curve for JSON. */
    private static final int COMPRESSION_LEVEL = 3;

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final ObjectStore objects;
    private final ObjectStore sealed;
    private final Path spoolDirectory;

    Vault(JdbcTemplate jdbc, ObjectStore objects, org.cityhealth.crypto.EncryptingObjectStore sealed, HubSettings settings, Ledger ledger)
            throws IOException {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.objects = objects;
        this.sealed = sealed;
        this.spoolDirectory = Files.createDirectories(settings.dataDirectory().resolve("spool"));
    }

    /**
     * Stores the raw bytes and records a PENDING manifest row, or recognises a resend. Throws
     * {@link PayloadTooLargeException} when the body exceeds {@code maxBytes}, having stored nothing.
     */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public Receipt receive(long sourceId, InputStream body, long maxBytes, SubmissionFormat format, String contentType)
            throws IOException {
        requireNonNull(body, "body is null");
        MessageDigest sha256 = sha256();
        SM3Digest sm3 = new SM3Digest();
        Spooled spooled = spool(body, maxBytes, sha256, sm3);
        try {
            String sha256Hex = HexFormat.of().formatHex(sha256.digest());
            byte[] sm3Bytes = new byte[sm3.getDigestSize()];
            sm3.doFinal(sm3Bytes, 0);
            String key = objectKey(sourceCode(sourceId), sha256Hex);
            long stored = sealed.size(key).orElse(-1L);
            if (stored < 0) {
                stored = store(key, spooled);
            }
            Instant now = Instant.now();
            try {
                jdbc.update("""
                        insert into vault_submission (source_id, received_at, format, content_type, size_bytes, stored_bytes,
                          sha256, sm3, object_key, status, encrypted) values (?,?,?,?,?,?,?,?,?,?,true)""",
                        sourceId, Timestamp.from(now), format.name(), contentType, spooled.size(), stored, sha256Hex,
                        HexFormat.of().formatHex(sm3Bytes), key, SubmissionStatus.PENDING.name());
            } catch (DuplicateKeyException resend) {
                return new Receipt(find(sourceId, sha256Hex).orElseThrow(), true, spooled.memory(), spooled.file());
            }
            return new Receipt(find(sourceId, sha256Hex).orElseThrow(), false, spooled.memory(), spooled.file());
        } catch (IOException | RuntimeException e) {
            spooled.delete();
            throw e;
        }
    }

    /** Records the outcome; called inside the transaction that stored the resources, so both commit or neither. */
    public void complete(long submissionId, SubmissionStatus status, int httpStatus, String reason, byte[] response, int resourceCount) {
        jdbc.update("""
                update vault_submission set status = ?, http_status = ?, reason = ?, response = ?, resource_count = ?, completed_at = ?
                where id = ?""",
                status.name(), httpStatus, reason == null ? null : abbreviate(reason, 4000),
                response == null ? null : Zstd.compress(response, COMPRESSION_LEVEL), resourceCount, Timestamp.from(Instant.now()),
                submissionId);
        // The submission's outcome joins the ledger in the same transaction, with the hashes that tie it to the raw bytes.
        VaultSubmission submission = byId(submissionId).orElseThrow();
        LedgerEvent event = status == SubmissionStatus.ACCEPTED ? LedgerEvent.permit("ingest.submission")
                : LedgerEvent.deny("ingest.submission", "HTTP " + httpStatus + ": " + (reason == null ? "" : abbreviate(reason, 1000)));
        ledger.record(event.by(new LedgerEvent.Actor(submission.sourceCode(), "SOURCE", submission.sourceCode()))
                .detail("submission", submissionId).detail("format", submission.format()).detail("bytes", submission.sizeBytes())
                .detail("sha256", submission.sha256()).detail("sm3", submission.sm3()).detail("status", status)
                .detail("resources", resourceCount));
    }

    /** The response sent for a completed submission, to answer a resend identically. */
    public Optional<byte[]> response(long submissionId) {
        return jdbc.query("select response from vault_submission where id = ?", (rs, row) -> rs.getBytes(1), submissionId)
                .stream().filter(bytes -> bytes != null).findFirst().map(Vault::decompress);
    }

    public Optional<VaultSubmission> byId(long id) {
        return jdbc.query(SELECT + " where v.id = ?", Vault::map, id).stream().findFirst();
    }

    public List<VaultSubmission> list(VaultQuery query) {
        StringBuilder sql = new StringBuilder(SELECT + " where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (query.sourceCode() != null) {
            sql.append(" and s.code = ?");
            args.add(query.sourceCode());
        }
        if (query.status() != null) {
            sql.append(" and v.status = ?");
            args.add(query.status().name());
        }
        if (query.from() != null) {
            sql.append(" and v.received_at >= ?");
            args.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and v.received_at < ?");
            args.add(Timestamp.from(query.to()));
        }
        sql.append(" order by v.received_at desc, v.id desc limit ? offset ?");
        args.add(query.limit());
        args.add(query.offset());
        return jdbc.query(sql.toString(), Vault::map, args.toArray());
    }

    /** Opens the original bytes of a submission, decompressed. */
    public InputStream openOriginal(VaultSubmission submission) throws IOException {
        return new ZstdInputStream((submission.encrypted() ? sealed : objects).get(submission.objectKey()));
    }

    /**
     * The original bytes of one submission for an operator (a refused message shown to its hospital): raw data leaves
     * the hub, so the export is on record with the operator as actor, like a restore. Streamed: a bulk load may be gigabytes.
     */
    public InputStream exportOriginal(VaultSubmission submission, String operator) throws IOException {
        InputStream original = openOriginal(submission);
        ledger.record(LedgerEvent.permit("vault.export").by(new LedgerEvent.Actor(operator, "OPERATOR", null))
                .detail("submission", submission.id()).detail("source", submission.sourceCode()).detail("bytes", submission.sizeBytes()));
        return original;
    }

    /**
     * Re-reads a submission's object and checks it against the SHA-256 and SM3 recorded at receipt (the scrubber);
     * empty when intact, else what is wrong.
     */
    public Optional<String> check(VaultSubmission submission) {
        MessageDigest sha256 = sha256();
        SM3Digest sm3 = new SM3Digest();
        try (InputStream in = new Sm3InputStream(new DigestInputStream(openOriginal(submission), sha256), sm3)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (ObjectStore.NoSuchObjectException e) {
            return Optional.of("object " + submission.objectKey() + " is missing");
        } catch (IOException | RuntimeException e) {
            return Optional.of("object " + submission.objectKey() + " cannot be read: " + e.getMessage());
        }
        byte[] sm3Bytes = new byte[sm3.getDigestSize()];
        sm3.doFinal(sm3Bytes, 0);
        if (!HexFormat.of().formatHex(sha256.digest()).equals(submission.sha256()) || !HexFormat.of().formatHex(sm3Bytes).equals(submission.sm3())) {
            return Optional.of("object " + submission.objectKey() + " does not match its recorded SHA-256/SM3");
        }
        return Optional.empty();
    }

    /** Submissions in id order after {@code afterId}, for the scrubber's walk. */
    public List<VaultSubmission> after(long afterId, int limit) {
        return jdbc.query(SELECT + " where v.id > ? order by v.id limit ?", Vault::map, afterId, limit);
    }

    /** Submissions received in [from, to) from one source, oldest first: what a restore writes back. */
    private List<VaultSubmission> received(String sourceCode, Instant from, Instant to) {
        return jdbc.query(SELECT + " where s.code = ? and v.received_at >= ? and v.received_at < ? order by v.received_at, v.id",
                Vault::map, sourceCode, Timestamp.from(from), Timestamp.from(to));
    }

    /**
     * Writes the original submissions of a source back into {@code directory}, each verified against its
     * SHA-256 and SM3 before it counts, with a {@code manifest.csv} listing them. Throws when any object is
     * missing or does not match its recorded hashes.
     */
    public RestoreSummary restore(String sourceCode, Instant from, Instant to, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<VaultSubmission> submissions = received(sourceCode, from, to);
        StringBuilder manifest = new StringBuilder("id,received_at,format,status,size_bytes,sha256,sm3,file\n");
        long bytes = 0;
        for (VaultSubmission submission : submissions) {
            String fileName = "%08d-%s.%s".formatted(submission.id(), submission.receivedAt().toString().replace(':', '-'),
                    submission.format().extension());
            Path target = directory.resolve(fileName);
            MessageDigest sha256 = sha256();
            SM3Digest sm3 = new SM3Digest();
            try (InputStream in = new Sm3InputStream(new DigestInputStream(openOriginal(submission), sha256), sm3);
                 OutputStream out = Files.newOutputStream(target)) {
                bytes += in.transferTo(out);
            }
            byte[] sm3Bytes = new byte[sm3.getDigestSize()];
            sm3.doFinal(sm3Bytes, 0);
            String actualSha = HexFormat.of().formatHex(sha256.digest());
            String actualSm3 = HexFormat.of().formatHex(sm3Bytes);
            if (!actualSha.equals(submission.sha256()) || !actualSm3.equals(submission.sm3())) {
                Files.deleteIfExists(target);
                throw new IOException("vault object of submission " + submission.id() + " does not match its recorded hashes");
            }
            manifest.append(submission.id()).append(',').append(submission.receivedAt()).append(',').append(submission.format())
                    .append(',').append(submission.status()).append(',').append(submission.sizeBytes()).append(',')
                    .append(submission.sha256()).append(',').append(submission.sm3()).append(',').append(fileName).append('\n');
        }
        Files.writeString(directory.resolve("manifest.csv"), manifest);
        // Restored originals leave the hub: the export is on record, caller as actor (the console for the CLI).
        ledger.record(LedgerEvent.permit("vault.restore").by(LedgerEvent.Actor.CONSOLE).detail("source", sourceCode).detail("from", from)
                .detail("to", to).detail("submissions", submissions.size()).detail("bytes", bytes));
        return new RestoreSummary(submissions.size(), bytes);
    }

    /** A source's submissions per wire format, the busiest first: the per-feed view of the sources page. */
    public List<FormatVolume> volumesByFormat(long sourceId) {
        return jdbc.query("""
                select format, sum(case when status = 'ACCEPTED' then 1 else 0 end) accepted,
                  sum(case when status = 'REJECTED' then 1 else 0 end) rejected, sum(case when status = 'PENDING' then 1 else 0 end) pending,
                  coalesce(sum(resource_count), 0) resources, max(received_at) last_received
                from vault_submission where source_id = ? group by format order by count(*) desc, format""",
                (rs, row) -> new FormatVolume(SubmissionFormat.valueOf(rs.getString("format")), rs.getLong("accepted"), rs.getLong("rejected"),
                        rs.getLong("pending"), rs.getLong("resources"), rs.getTimestamp("last_received").toInstant()), sourceId);
    }

    public VaultTotals totals() {
        return jdbc.queryForObject("""
                select count(*) submissions, coalesce(sum(size_bytes), 0) raw_bytes,
                  coalesce(sum(case when status = 'REJECTED' then 1 else 0 end), 0) rejected,
                  (select coalesce(sum(stored_bytes), 0) from (select distinct object_key, stored_bytes from vault_submission) objects) stored_bytes
                from vault_submission""",
                (rs, row) -> new VaultTotals(rs.getLong("submissions"), rs.getLong("rejected"), rs.getLong("raw_bytes"),
                        rs.getLong("stored_bytes")));
    }

    private record Spooled(byte[] memory, Path file, long size) {
        void delete() throws IOException {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Spooled spool(InputStream body, long maxBytes, MessageDigest sha256, SM3Digest sm3) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream memory = new ByteArrayOutputStream();
        OutputStream file = null;
        Path filePath = null;
        long total = 0;
        try {
            int read;
            while ((read = body.read(buffer)) >= 0) {
                total += read;
                if (total > maxBytes) {
                    throw new PayloadTooLargeException(maxBytes);
                }
                sha256.update(buffer, 0, read);
                sm3.update(buffer, 0, read);
                if (file == null && memory.size() + read > IN_MEMORY_LIMIT) {
                    filePath = Files.createTempFile(spoolDirectory, "upload-", ".raw");
                    file = Files.newOutputStream(filePath);
                    memory.writeTo(file);
                    memory = null;
                }
                if (file != null) {
                    file.write(buffer, 0, read);
                } else {
                    memory.write(buffer, 0, read);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                file.close();
                Files.deleteIfExists(filePath);
            }
            throw e;
        }
        if (file != null) {
            file.close();
            return new Spooled(null, filePath, total);
        }
        return new Spooled(memory.toByteArray(), null, total);
    }

    private long store(String key, Spooled spooled) throws IOException {
        if (spooled.memory() != null) {
            byte[] compressed = Zstd.compress(spooled.memory(), COMPRESSION_LEVEL);
            sealed.put(key, compressed);
            return compressed.length;
        }
        Path compressed = Files.createTempFile(spoolDirectory, "compressed-", ".zst");
        try {
            try (InputStream in = Files.newInputStream(spooled.file());
                 OutputStream out = new ZstdOutputStream(Files.newOutputStream(compressed), COMPRESSION_LEVEL)) {
                in.transferTo(out);
            }
            try (InputStream in = Files.newInputStream(compressed)) {
                return sealed.put(key, in);
            }
        } finally {
            Files.deleteIfExists(compressed);
        }
    }

    private Optional<VaultSubmission> find(long sourceId, String sha256) {
        return jdbc.query(SELECT + " where v.source_id = ? and v.sha256 = ?", Vault::map, sourceId, sha256).stream().findFirst();
    }

    /**
     * Content address under the source, whose data key encrypts it (earlier, unencrypted objects were shared by all
     * sources under {@code vault/sha256/…}); two levels of fan-out keep directories small on the local backend.
     */
    static String objectKey(String sourceCode, String sha256Hex) {
        return "vault/" + sourceCode + "/" + sha256Hex.substring(0, 2) + "/" + sha256Hex.substring(2, 4) + "/" + sha256Hex + ".zst";
    }

    private String sourceCode(long sourceId) {
        return jdbc.queryForObject("select code from source where id = ?", String.class, sourceId);
    }

    private static byte[] decompress(byte[] compressed) {
        try (InputStream in = new ZstdInputStream(new java.io.ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static final String SELECT = """
            select v.*, s.code source_code from vault_submission v join source s on s.id = v.source_id""";

    private static VaultSubmission map(ResultSet rs, int row) throws SQLException {
        Timestamp completed = rs.getTimestamp("completed_at");
        int http = rs.getInt("http_status");
        return new VaultSubmission(rs.getLong("id"), rs.getLong("source_id"), rs.getString("source_code"),
                rs.getTimestamp("received_at").toInstant(), SubmissionFormat.valueOf(rs.getString("format")),
                rs.getString("content_type"), rs.getLong("size_bytes"), rs.getLong("stored_bytes"), rs.getString("sha256"),
                rs.getString("sm3"), rs.getString("object_key"), SubmissionStatus.valueOf(rs.getString("status")),
                rs.getString("reason"), rs.getInt("resource_count"), rs.wasNull() && http == 0 ? null : http,
                completed == null ? null : completed.toInstant(), rs.getBoolean("encrypted"));
    }
}
