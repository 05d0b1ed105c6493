package org.cityhealth.hub.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleVerifier;
import org.cityhealth.ledger.ProofException;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.WitnessedCheckpoint;
import org.cityhealth.ledger.note.NoteVerifier;
import org.cityhealth.ledger.tiles.AuditReport;
import org.cityhealth.ledger.tiles.TileProofs;
import org.cityhealth.ledger.tiles.TileStorage;
import org.cityhealth.ledger.tiles.TreeAudit;

/**
 * What {@code ledger verify} checks, in order: the checkpoint's signature by the log's key and the witness quorum;
 * the whole tree recomputed from the entry bundles against every stored tile and the checkpoint's root; and, when a
 * checkpoint was trusted before, that the new one extends it (a consistency proof from the tiles). Only then is the
 * new checkpoint trusted. The first failure ends it with the index or file to look at.
 */
final class LedgerVerification {

    /** A failed check; the message is the one line the CLI prints. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    record Verified(Checkpoint checkpoint, int cosignatures, boolean extendedTrusted) {
    }

    private final HashFunction hash;
    private final String logKey;
    private final List<String> witnessKeys;
    private final int quorum;

    LedgerVerification(HashFunction hash, String logKey, List<String> witnessKeys, int quorum) {
        this.hash = hash;
        this.logKey = logKey;
        this.witnessKeys = List.copyOf(witnessKeys);
        this.quorum = quorum;
    }

    Verified verify(TileStorage storage, Path trustFile) throws Failed, IOException {
        String signed = storage.read("checkpoint").map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElseThrow(() -> new Failed("checkpoint: the log has no checkpoint file"));
        NoteVerifier logVerifier = NoteKeys.verifier(logKey);
        WitnessedCheckpoint witnessed;
        try {
            witnessed = WitnessedCheckpoint.open(signed, logVerifier, witnessKeys.stream().map(NoteKeys::cosignatureVerifier).toList(), quorum);
        } catch (NoteException e) {
            throw new Failed("checkpoint: " + e.getMessage());
        }
        Checkpoint checkpoint = witnessed.checkpoint();
        AuditReport report = TreeAudit.audit(hash, storage, checkpoint.size(), checkpoint.rootHash());
        if (!report.ok()) {
            throw new Failed((report.firstBadIndex() >= 0 ? "entry " + report.firstBadIndex() + ": " : "tree: ") + report.problem());
        }
        boolean extended = false;
        if (trustFile != null && Files.exists(trustFile)) {
            extended = true;
            Checkpoint trusted;
            try {
                trusted = Checkpoint.parse(Note.open(Files.readString(trustFile), List.of(logVerifier)).text());
            } catch (NoteException e) {
                throw new Failed("trusted checkpoint " + trustFile + ": " + e.getMessage());
            }
            consistent(storage, trusted, checkpoint);
        }
        if (trustFile != null) {
            Path temporary = Files.createTempFile(trustFile.toAbsolutePath().getParent(), "trusted", ".tmp");
            Files.writeString(temporary, signed);
            Files.move(temporary, trustFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Verified(checkpoint, witnessed.cosigners().size(), extended);
    }

    private void consistent(TileStorage storage, Checkpoint trusted, Checkpoint current) throws Failed, IOException {
        if (!trusted.origin().equals(current.origin())) {
            throw new Failed("checkpoint: origin " + current.origin() + " differs from the trusted " + trusted.origin());
        }
        if (trusted.size() > current.size()) {
            throw new Failed("checkpoint: size " + current.size() + " is smaller than the trusted size " + trusted.size() + ": the log was rolled back");
        }
        if (trusted.size() == current.size() || trusted.size() == 0) {
            if (trusted.size() == current.size() && !Arrays.equals(trusted.rootHash(), current.rootHash())) {
                throw new Failed("checkpoint: a different root for the trusted size " + trusted.size() + ": the log forked");
            }
            return;
        }
        List<byte[]> proof = new TileProofs(hash, storage).consistencyProof(trusted.size(), current.size());
        try {
            MerkleVerifier.verifyConsistency(hash, trusted.size(), current.size(), proof, trusted.rootHash(), current.rootHash());
        } catch (ProofException e) {
            throw new Failed("checkpoint: does not extend the trusted checkpoint of size " + trusted.size() + ": " + e.getMessage());
        }
    }
}
