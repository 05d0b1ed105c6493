package org.cityhealth.hub.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.WitnessedCheckpoint;
import org.cityhealth.ledger.tiles.AuditReport;
import org.cityhealth.ledger.tiles.TreeAudit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Reading the log: its head, entries with proofs, consistency proofs, auditors' searches and witness health. */
@Service
public class LedgerReader {

    private final JdbcTemplate jdbc;
    private final LedgerLog ledgerLog;
    private final LedgerStates states;
    private final LedgerSettings settings;
    private volatile SelfCheck lastSelfCheck;

    LedgerReader(JdbcTemplate jdbc, LedgerLog ledgerLog, LedgerStates states, LedgerSettings settings) {
        this.jdbc = jdbc;
        this.ledgerLog = ledgerLog;
        this.states = states;
        this.settings = settings;
    }

    /** Whether {@code /ledger/} is readable without login. */
    public boolean publicRead() {
        return settings.publicRead();
    }

    /** The published checkpoint, or empty before the first sequencing round. */
    public Optional<String> checkpoint() {
        return states.read().map(LedgerState::publishedCheckpoint);
    }

    public long publishedSize() {
        return states.read().map(LedgerState::publishedSize).orElse(0L);
    }

    /**
     * Integrated and published sizes, and entries still in the outbox, as of one moment: integrated plus outbox is
     * every entry recorded. One statement reads both tables, so both databases answer from one snapshot; read apart, a
     * sequencing round committed in between counted its entries twice (in the outbox and in the tree).
     */
    public Head head() {
        return jdbc.queryForObject("""
                select (select tree_size from ledger_state where id = 1), (select published_size from ledger_state where id = 1),
                       (select count(*) from ledger_outbox)""",
                (rs, row) -> new Head(rs.getLong(1), rs.getLong(2), rs.getLong(3), ledgerLog.origin(), ledgerLog.hash().name()));
    }

    /** Every entry recorded so far, integrated or still in the outbox. */
    public long recorded() {
        Head head = head();
        return head.integrated() + head.outbox();
    }

    public record Head(long integrated, long published, long outbox, String origin, String hash) {
    }

    /** The hub's checkpoint verifier key (C2SP vkey). */
    public String verifierKey() {
        return ledgerLog.verifierKey();
    }

    /** A tile, entry bundle or checkpoint by its tlog-tiles path. */
    public Optional<byte[]> tile(String path) {
        try {
            return ledgerLog.storage().read(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry at {@code index} with its inclusion proof in the published checkpoint; empty if not yet published. */
    public Optional<EntryProof> entry(long index) {
        LedgerState state = states.read().orElse(null);
        if (state == null || index < 0 || index >= state.publishedSize()) {
            return Optional.empty();
        }
        try {
            long size = state.publishedSize();
            byte[] entry = ledgerLog.proofs().entry(index, size);
            List<String> proof = ledgerLog.proofs().inclusionProof(index, size).stream().map(LedgerReader::base64).toList();
            return Optional.of(new EntryProof(index, new String(entry, StandardCharsets.UTF_8), base64(ledgerLog.hasher().leafHash(entry)),
                    size, proof, state.publishedCheckpoint()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger's tiles", e);
        }
    }

    /**
     * The canonical JSON of those entries a published checkpoint covers, without proofs: what a list of entries
     * shows. Entries beyond the published size are absent from the map.
     */
    public Map<Long, String> publishedEntries(List<Long> indexes) {
        long size = publishedSize();
        Map<Long, String> entries = new java.util.LinkedHashMap<>();
        try {
            for (long index : indexes) {
                if (index >= 0 && index < size) {
                    entries.put(index, new String(ledgerLog.proofs().entry(index, size), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger's tiles", e);
        }
        return entries;
    }

    /** A consistency proof between two published sizes, base64 hashes. */
    public List<String> consistency(long from, long to) {
        long published = publishedSize();
        if (from < 1 || from > to || to > published) {
            throw new IllegalArgumentException("sizes must satisfy 1 ≤ from ≤ to ≤ " + published + " (the published size)");
        }
        try {
            return from == to ? List.of() : ledgerLog.proofs().consistencyProof(from, to).stream().map(LedgerReader::base64).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger's tiles", e);
        }
    }

    /** Entries matching the query, newest first. */
    public List<LedgerRow> search(LedgerQuery query) {
        StringBuilder sql = new StringBuilder("select idx, recorded_at, actor, role, action, person, decision from ledger_entry where 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (query.actor() != null && !query.actor().isBlank()) {
            sql.append(" and actor = ?");
            arguments.add(query.actor().strip());
        }
        if (query.action() != null && !query.action().isBlank()) {
            // A prefix search: "fhir." finds every FHIR operation.
            sql.append(" and action like ?");
            arguments.add(query.action().strip().replace("%", "") + "%");
        }
        if (query.person() != null && !query.person().isBlank()) {
            sql.append(" and person = ?");
            arguments.add(query.person().strip());
        }
        if (query.decision() != null && !query.decision().isBlank()) {
            sql.append(" and decision = ?");
            arguments.add(query.decision().strip());
        }
        if (query.from() != null) {
            sql.append(" and recorded_at >= ?");
            arguments.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and recorded_at < ?");
            arguments.add(Timestamp.from(query.to()));
        }
        if (query.before() != null) {
            sql.append(" and idx < ?");
            arguments.add(query.before());
        }
        sql.append(" order by idx desc limit ").append(Math.max(1, Math.min(query.limit(), 1000)));
        return jdbc.query(sql.toString(), (rs, row) -> new LedgerRow(rs.getLong("idx"), rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("actor"), rs.getString("role"), rs.getString("action"), rs.getString("person"), rs.getString("decision")),
                arguments.toArray());
    }

    /** The resource list an entry refers to by SHA-256 (entries name long lists by hash). */
    public Optional<byte[]> attachment(String sha256) {
        return jdbc.queryForList("select body from ledger_attachment where sha256 = ?", byte[].class, sha256).stream().findFirst();
    }

    /** Each configured witness with its last outcome. */
    public List<WitnessStatus> witnesses() {
        Map<String, WitnessStatus> seen = jdbc.query("select * from ledger_witness", (rs, row) -> new WitnessStatus(rs.getString("name"), null,
                        null, rs.getLong("cosigned_size"), instant(rs.getTimestamp("last_success")), instant(rs.getTimestamp("last_attempt")),
                        rs.getString("last_problem"))).stream()
                .collect(Collectors.toMap(WitnessStatus::name, Function.identity()));
        return settings.witnesses().stream().map(w -> {
            WitnessStatus status = seen.get(w.name());
            return status == null ? new WitnessStatus(w.name(), w.url(), w.key(), 0, null, null, null)
                    : new WitnessStatus(w.name(), w.url(), w.key(), status.cosignedSize(), status.lastSuccess(), status.lastAttempt(),
                    status.lastProblem());
        }).toList();
    }

    public int quorum() {
        return settings.quorum();
    }

    /** The last self-check, if one ran since start-up. */
    public Optional<SelfCheck> lastSelfCheck() {
        return Optional.ofNullable(lastSelfCheck);
    }

    /** Re-verifies the published log from storage (see {@link SelfCheck}); takes time proportional to the log. */
    public synchronized SelfCheck selfCheck() {
        long started = System.nanoTime();
        Instant at = Instant.now();
        SelfCheck result;
        LedgerState state = states.read().orElse(null);
        if (state == null) {
            result = new SelfCheck(at, 0, 0, true, -1, null, 0);
        } else {
            result = check(state.publishedCheckpoint(), at, started);
        }
        lastSelfCheck = result;
        return result;
    }

    private SelfCheck check(String published, Instant at, long started) {
        try {
            WitnessedCheckpoint witnessed = WitnessedCheckpoint.open(published, ledgerLog.verifier(),
                    settings.witnesses().stream().map(w -> NoteKeys.cosignatureVerifier(w.key())).toList(), settings.quorum());
            Checkpoint checkpoint = witnessed.checkpoint();
            AuditReport report = TreeAudit.audit(ledgerLog.hash(), ledgerLog.storage(), checkpoint.size(), checkpoint.rootHash());
            return new SelfCheck(at, checkpoint.size(), witnessed.cosigners().size(), report.ok(), report.firstBadIndex(), report.problem(),
                    (System.nanoTime() - started) / 1_000_000);
        } catch (NoteException e) {
            return new SelfCheck(at, 0, 0, false, -1, "checkpoint: " + e.getMessage(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
