package org.cityhealth.ledger.note;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A checkpoint opened the way a verifier must open it: signed by the log's key, its origin the key's name, and
 * cosigned by at least {@code quorum} distinct known witnesses (a witness whose line appears twice counts once) unless
 * it is the empty tree.
 *
 * @param checkpoint the checkpoint's fields
 * @param cosigners  the names of the known witnesses whose cosignatures verified
 */
public record WitnessedCheckpoint(Checkpoint checkpoint, Set<String> cosigners) {

    public WitnessedCheckpoint {
        Objects.requireNonNull(checkpoint, "checkpoint");
        cosigners = Set.copyOf(cosigners);
    }

    /**
     * @param witnesses the witnesses' cosignature verifiers ({@link NoteKeys#cosignatureVerifier})
     * @throws NoteException naming what is wrong: malformed, not signed by the log, another origin, too few cosigners
     */
    public static WitnessedCheckpoint open(String signedNote, NoteVerifier log, List<NoteVerifier> witnesses, int quorum)
            throws NoteException {
        List<NoteVerifier> known = new ArrayList<>(witnesses.size() + 1);
        known.add(log);
        known.addAll(witnesses);
        Note note = Note.open(signedNote, known);
        boolean logSigned = false;
        Set<String> cosigners = new LinkedHashSet<>();
        for (NoteSignature signature : note.verified()) {
            if (signature.name().equals(log.name()) && signature.keyHash() == log.keyHash()) {
                logSigned = true;
            } else {
                cosigners.add(signature.name());
            }
        }
        if (!logSigned) {
            throw new NoteException("not signed by the log key " + log.name());
        }
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        if (!checkpoint.origin().equals(log.name())) {
            throw new NoteException("origin " + checkpoint.origin() + " is not the log key's name " + log.name());
        }
        // The empty tree is the one checkpoint a log publishes before any witness has seen it: it commits to nothing.
        if (cosigners.size() < quorum && checkpoint.size() > 0) {
            throw new NoteException("cosigned by " + cosigners.size() + " known witnesses, the quorum is " + quorum);
        }
        return new WitnessedCheckpoint(checkpoint, cosigners);
    }
}
