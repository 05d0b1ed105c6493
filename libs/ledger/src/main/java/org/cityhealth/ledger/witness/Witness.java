package org.cityhealth.ledger.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleVerifier;
import org.cityhealth.ledger.ProofException;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSignature;
import org.cityhealth.ledger.note.NoteSigner;
import org.cityhealth.ledger.note.NoteVerifier;

/**
 * The core of a c2sp.org/tlog-witness: checks add-checkpoint requests against the latest
 * checkpoint it cosigned for each log, records the new one and cosigns it
 * (c2sp.org/tlog-cosignature, Ed25519). No HTTP here; {@link WitnessServer} serves it.
 *
 * <p>Checks, in the order of the spec: malformed request or checkpoint (400), unknown origin
 * (404), no valid signature by a trusted log key (403), old size above the checkpoint size
 * (400), old size not the recorded size (409 with the recorded size), proof does not verify
 * (422), same size but another root hash (409). Only then is the checkpoint recorded (durably,
 * by compare-and-set, so concurrent requests cannot roll the record back) and cosigned.
 *
 * <p>Thread-safe.
 */
public final class Witness {

    /** Retries of the compare-and-set when another process changed the record in between. */
    private static final int MAX_ATTEMPTS = 16;

    private final NoteSigner cosigner;
    private final String verifierKey;
    private final Map<String, KnownLog> logs;
    private final WitnessState state;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private record KnownLog(List<NoteVerifier> verifiers, HashFunction hashFunction) {}

    /**
     * A witness whose logs all hash with SHA-256.
     *
     * @see #Witness(String, Clock, Map, Map, WitnessState)
     */
    public Witness(String signerKey, Clock clock, Map<String, List<NoteVerifier>> logs, WitnessState state) {
        this(signerKey, clock, logs, Map.of(), state);
    }

    /**
     * @param signerKey the witness's Ed25519 signer key; its name is the witness's name
     * @param clock the time written into cosignatures
     * @param logs each known log's origin and the verifiers of its keys (at least one)
     * @param hashFunctions the Merkle hash of logs that do not use SHA-256 (e.g. SM3), by origin
     * @param state where the latest cosigned checkpoint of each log is recorded
     * @throws IllegalArgumentException if the key is not an Ed25519 signer key, a log has no
     *     key, or a hash function is given for an unknown origin
     */
    public Witness(String signerKey, Clock clock, Map<String, List<NoteVerifier>> logs,
            Map<String, HashFunction> hashFunctions, WitnessState state) {
        this.cosigner = NoteKeys.cosigner(signerKey, clock);
        this.verifierKey = NoteKeys.verifierKeyOf(signerKey);
        this.state = Objects.requireNonNull(state, "state is null");
        Map<String, KnownLog> known = new HashMap<>();
        logs.forEach((origin, verifiers) -> {
            if (verifiers.isEmpty()) {
                throw new IllegalArgumentException("log " + origin + " has no verifier key");
            }
            known.put(origin, new KnownLog(List.copyOf(verifiers),
                    hashFunctions.getOrDefault(origin, HashFunction.SHA256)));
        });
        for (String origin : hashFunctions.keySet()) {
            if (!known.containsKey(origin)) {
                throw new IllegalArgumentException("hash function given for unknown log " + origin);
            }
        }
        this.logs = Map.copyOf(known);
    }

    /** The witness's name, the key name on its cosignatures. */
    public String name() {
        return cosigner.name();
    }

    /**
     * The witness's Ed25519 verifier key (type 0x01), to publish; clients load it with
     * {@link NoteKeys#cosignatureVerifier} to check its cosignatures.
     */
    public String verifierKey() {
        return verifierKey;
    }

    /** Handles one add-checkpoint request body; never throws for bad input. */
    public WitnessResponse addCheckpoint(byte[] requestBody) {
        AddCheckpointRequest request;
        Checkpoint checkpoint;
        try {
            request = AddCheckpointRequest.parse(requestBody);
            checkpoint = Checkpoint.parse(Note.parse(request.signedCheckpoint()).text());
        } catch (MalformedRequestException | NoteException e) {
            return new WitnessResponse.BadRequest(e.getMessage());
        }
        KnownLog log = logs.get(checkpoint.origin());
        if (log == null) {
            return new WitnessResponse.UnknownLog(checkpoint.origin());
        }
        Note note;
        try {
            note = Note.open(request.signedCheckpoint(), log.verifiers());
        } catch (NoteException e) {
            return new WitnessResponse.Forbidden(e.getMessage());
        }
        if (request.oldSize() > checkpoint.size()) {
            return new WitnessResponse.BadRequest(
                    "old size " + request.oldSize() + " is larger than the checkpoint size " + checkpoint.size());
        }
        int hashSize = log.hashFunction().size();
        if (checkpoint.rootHash().length != hashSize) {
            return new WitnessResponse.BadRequest("root hash has " + checkpoint.rootHash().length
                    + " bytes; " + log.hashFunction().name() + " hashes have " + hashSize);
        }
        for (byte[] hash : request.proof()) {
            if (hash.length != hashSize) {
                return new WitnessResponse.BadRequest("a proof line has " + hash.length + " bytes; "
                        + log.hashFunction().name() + " hashes have " + hashSize);
            }
        }
        ReentrantLock lock = locks.computeIfAbsent(checkpoint.origin(), o -> new ReentrantLock());
        lock.lock();
        try {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<WitnessState.Stored> latest = state.latest(checkpoint.origin());
                long recordedSize = latest.map(WitnessState.Stored::size).orElse(0L);
                byte[] recordedRoot = latest.map(WitnessState.Stored::rootHash).orElseGet(log.hashFunction()::hash);
                WitnessResponse refusal = check(request, checkpoint, log.hashFunction(), recordedSize, recordedRoot);
                if (refusal != null) {
                    return refusal;
                }
                WitnessState.Stored next =
                        new WitnessState.Stored(checkpoint.size(), checkpoint.rootHash(), request.signedCheckpoint());
                if (state.compareAndSet(checkpoint.origin(), recordedSize, next)) {
                    return cosign(note);
                }
                // Another process sharing the state recorded a checkpoint in between: judge again.
            }
            return new WitnessResponse.Failure("the record of " + checkpoint.origin() + " keeps changing; retry");
        } catch (IOException e) {
            return new WitnessResponse.Failure("witness state unavailable: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** The checks against the recorded checkpoint; {@code null} if the checkpoint may be cosigned. */
    private static WitnessResponse check(AddCheckpointRequest request, Checkpoint checkpoint,
            HashFunction hashFunction, long recordedSize, byte[] recordedRoot) {
        long oldSize = request.oldSize();
        List<byte[]> proof = request.proof();
        if (oldSize != recordedSize) {
            return new WitnessResponse.Conflict(recordedSize);
        }
        if (oldSize == checkpoint.size()) {
            if (!proof.isEmpty()) {
                return new WitnessResponse.Inconsistent(
                        "old size equals the checkpoint size, so the consistency proof must be empty");
            }
            // Without a record this compares with the empty tree's root: a size-0 checkpoint
            // with another root hash describes no tree.
            if (!MessageDigest.isEqual(recordedRoot, checkpoint.rootHash())) {
                return new WitnessResponse.RootMismatch(checkpoint.origin(), checkpoint.size());
            }
            return null;
        }
        if (oldSize == 0) {
            // Every tree extends the empty one; the spec demands an empty proof here.
            return proof.isEmpty() ? null
                    : new WitnessResponse.Inconsistent("old size is 0, so the consistency proof must be empty");
        }
        try {
            MerkleVerifier.verifyConsistency(
                    hashFunction, oldSize, checkpoint.size(), proof, recordedRoot, checkpoint.rootHash());
            return null;
        } catch (ProofException e) {
            return new WitnessResponse.Inconsistent("consistency proof from size " + oldSize + " to "
                    + checkpoint.size() + " does not verify: " + e.getMessage());
        }
    }

    private WitnessResponse cosign(Note note) {
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        NoteSignature signature = new NoteSignature(cosigner.name(), cosigner.keyHash(), cosigner.sign(text));
        return new WitnessResponse.Cosigned(List.of(signature.line()));
    }

    @Override
    public String toString() {
        return "Witness[" + cosigner.name() + ", " + logs.size() + " log(s)]";
    }
}
