package org.cityhealth.hub.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cityhealth.hub.ledger.LedgerSettings.WitnessSettings;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSignature;
import org.cityhealth.ledger.note.NoteVerifier;
import org.cityhealth.ledger.witness.WitnessClient;
import org.cityhealth.ledger.witness.AddResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes integrated checkpoints: with the hub's signature alone when no quorum is configured, otherwise only
 * once at least {@code quorum} witnesses have cosigned (C2SP tlog-witness add-checkpoint, each witness sent a
 * consistency proof from the last size it cosigned). A witness that refuses or is unreachable is recorded for the
 * auditors' witness health view; until the quorum is met the previous checkpoint stays published.
 */
@Component
class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    /** Witnesses are asked again after this long when a round missed the quorum. */
    private static final long RETRY_MILLIS = 1000;

    private final LedgerLog ledgerLog;
    private final LedgerStates states;
    private final JdbcTemplate jdbc;
    private final LedgerSettings settings;
    private final List<Witness> witnesses;
    private final ExecutorService askers;
    private volatile long nextAttempt;

    private record Witness(WitnessSettings settings, WitnessClient client, NoteVerifier verifier) {
    }

    Publisher(LedgerLog ledgerLog, LedgerStates states, JdbcTemplate jdbc, LedgerSettings settings) {
        this.ledgerLog = ledgerLog;
        this.states = states;
        this.jdbc = jdbc;
        this.settings = settings;
        if (settings.quorum() > settings.witnesses().size()) {
            throw new IllegalStateException("cityhealth.ledger.quorum is " + settings.quorum() + " but only "
                    + settings.witnesses().size() + " witnesses are configured");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.witnessTimeout()).build();
        this.witnesses = settings.witnesses().stream().map(w -> new Witness(w,
                new WitnessClient(URI.create(w.url()), http, settings.witnessTimeout()), NoteKeys.cosignatureVerifier(w.key()))).toList();
        this.askers = Executors.newVirtualThreadPerTaskExecutor();
    }

    /** Entries {@code [from, to)} just became part of a published checkpoint. */
    record Published(long from, long to) {
    }

    /** Publishes the integrated tree if it is newer than the published one. */
    Optional<Published> publishPending() {
        LedgerState head = states.read().orElse(null);
        if (head == null || !head.unpublished()) {
            return Optional.empty();
        }
        if (settings.quorum() == 0 && witnesses.isEmpty()) {
            publish(head.treeSize(), head.checkpoint());
            return Optional.of(new Published(head.publishedSize(), head.treeSize()));
        }
        if (System.currentTimeMillis() < nextAttempt) {
            return Optional.empty();
        }
        // Witnesses answer in parallel; publication waits only for the quorum, not for a slow or absent straggler
        // (which is asked again next round from the size it has cosigned by then).
        java.util.concurrent.CompletionService<List<String>> answers = new java.util.concurrent.ExecutorCompletionService<>(askers);
        witnesses.forEach(w -> answers.submit(() -> ask(w, head)));
        List<String> cosignatures = new ArrayList<>();
        int agreed = 0;
        for (int answered = 0; answered < witnesses.size() && agreed < Math.max(settings.quorum(), 1); answered++) {
            List<String> lines;
            try {
                lines = answers.take().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } catch (java.util.concurrent.ExecutionException e) {
                lines = List.of();
            }
            if (!lines.isEmpty()) {
                agreed++;
                cosignatures.addAll(lines);
            }
        }
        if (agreed < settings.quorum()) {
            nextAttempt = System.currentTimeMillis() + RETRY_MILLIS;
            log.warn("ledger checkpoint {} has {} of {} witness cosignatures; not published yet", head.treeSize(), agreed, settings.quorum());
            return Optional.empty();
        }
        publish(head.treeSize(), Note.addSignatures(head.checkpoint(), cosignatures));
        return Optional.of(new Published(head.publishedSize(), head.treeSize()));
    }

    @jakarta.annotation.PreDestroy
    void close() {
        askers.shutdownNow();
    }

    private void publish(long size, String checkpoint) {
        try {
            ledgerLog.storage().write("checkpoint", checkpoint.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ledger checkpoint", e);
        }
        states.published(size, checkpoint);
    }

    /** One witness's cosignature lines for the head, or none; retries once from the size a 409 names. */
    private List<String> ask(Witness witness, LedgerState head) {
        long old = jdbc.queryForList("select cosigned_size from ledger_witness where name = ?", Long.class, witness.settings().name())
                .stream().findFirst().orElse(0L);
        for (int attempt = 0; attempt < 2; attempt++) {
            if (old > head.treeSize()) {
                return failed(witness, "the witness has cosigned size " + old + ", beyond this log's " + head.treeSize()
                        + ": the log lost entries or the witness saw a fork");
            }
            List<byte[]> proof;
            try {
                proof = old == 0 || old == head.treeSize() ? List.of() : ledgerLog.proofs().consistencyProof(old, head.treeSize());
            } catch (IOException e) {
                return failed(witness, "cannot prove consistency from " + old + ": " + e.getMessage());
            }
            AddResult result = witness.client().addCheckpoint(old, proof, head.checkpoint());
            switch (result) {
                case AddResult.Cosigned cosigned -> {
                    return accepted(witness, head, cosigned.signatureLines());
                }
                case AddResult.Conflict conflict -> old = conflict.witnessSize();
                case AddResult.Refused refused -> {
                    return failed(witness, "refused with HTTP " + refused.status() + ": " + refused.message());
                }
                case AddResult.Unreachable unreachable -> {
                    return failed(witness, "unreachable: " + unreachable.reason());
                }
            }
        }
        return failed(witness, "the witness's size kept changing (409 twice)");
    }

    private List<String> accepted(Witness witness, LedgerState head, List<String> lines) {
        List<String> valid;
        try {
            Note note = Note.open(Note.addSignatures(head.checkpoint(), lines), List.of(witness.verifier()));
            valid = note.verified().stream().map(NoteSignature::line).toList();
        } catch (NoteException e) {
            return failed(witness, "its cosignature does not verify with its configured key: " + e.getMessage());
        }
        Timestamp now = Timestamp.from(Instant.now());
        // A straggler from an earlier round may answer after a newer one: the recorded size only grows.
        if (jdbc.update("update ledger_witness set cosigned_size = greatest(cosigned_size, ?), last_success = ?, last_attempt = ?, last_problem = null"
                + " where name = ?", head.treeSize(), now, now, witness.settings().name()) == 0) {
            jdbc.update("insert into ledger_witness (name, cosigned_size, last_success, last_attempt) values (?,?,?,?) on conflict do nothing",
                    witness.settings().name(), head.treeSize(), now, now);
        }
        return valid;
    }

    private List<String> failed(Witness witness, String problem) {
        log.warn("ledger witness {}: {}", witness.settings().name(), problem);
        Timestamp now = Timestamp.from(Instant.now());
        String shortened = problem.length() > 500 ? problem.substring(0, 500) : problem;
        if (jdbc.update("update ledger_witness set last_attempt = ?, last_problem = ? where name = ?", now, shortened,
                witness.settings().name()) == 0) {
            jdbc.update("insert into ledger_witness (name, cosigned_size, last_attempt, last_problem) values (?,0,?,?) on conflict do nothing",
                    witness.settings().name(), now, shortened);
        }
        return List.of();
    }
}
