package org.cityhealth.hub.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleVerifier;
import org.cityhealth.ledger.ProofException;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSignature;
import org.cityhealth.ledger.note.NoteVerifier;
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
        List<NoteVerifier> verifiers = new ArrayList<>();
        verifiers.add(logVerifier);
        witnessKeys.forEach(key -> verifiers.add(NoteKeys.cosignatureVerifier(key)));
        Note note;
        try {
            note = Note.open(signed, verifiers);
        } catch (NoteException e) {
            throw new Failed("checkpoint: " + e.getMessage());
        }
        boolean logSigned = note.verified().stream().anyMatch(s -> s.name().equals(logVerifier.name()) && s.keyHash() == logVerifier.keyHash());
        if (!logSigned) {
            throw new Failed("checkpoint: not signed by the log key " + logVerifier.name());
        }
        Set<String> witnesses = new HashSet<>();
        for (NoteSignature signature : note.verified()) {
            if (!(signature.name().equals(logVerifier.name()) && signature.keyHash() == logVerifier.keyHash())) {
                witnesses.add(signature.name());
            }
        }
        if (witnesses.size() < quorum) {
            throw new Failed("checkpoint: cosigned by " + witnesses.size() + " known witnesses, the quorum is " + quorum);
        }
        Checkpoint checkpoint;
        try {
            checkpoint = Checkpoint.parse(note.text());
        } catch (NoteException e) {
            throw new Failed("checkpoint: " + e.getMessage());
        }
        if (!checkpoint.origin().equals(logVerifier.name())) {
            throw new Failed("checkpoint: origin " + checkpoint.origin() + " is not the log key's name " + logVerifier.name());
        }
        org.cityhealth.ledger.tiles.AuditReport report = TreeAudit.audit(hash, storage, checkpoint.size(), checkpoint.rootHash());
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
        return new Verified(checkpoint, witnesses.size(), extended);
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
