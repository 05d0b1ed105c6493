package org.cityhealth.ledger.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSigner;
import org.cityhealth.ledger.note.NoteVerifier;

/** A real transparency log in memory: entries, Merkle roots, proofs and signed checkpoints. */
final class TestLog {

    final String origin;
    final NoteKeyPair key;
    final NoteSigner signer;
    final NoteVerifier verifier;
    final MerkleHasher hasher;
    private final List<byte[]> leaves = new ArrayList<>();

    private TestLog(String origin, NoteKeyPair key, HashFunction hashFunction) {
        this.origin = origin;
        this.key = key;
        this.signer = NoteKeys.signer(key.signerKey());
        this.verifier = NoteKeys.verifier(key.verifierKey());
        this.hasher = new MerkleHasher(hashFunction);
    }

    /**
     * A log with a new key named after its origin (spaces, allowed in origins but not in key
     * names, become underscores).
     */
    static TestLog create(String origin, KeyType keyType, HashFunction hashFunction, int entries) {
        TestLog log = new TestLog(origin, NoteKeys.generate(origin.replaceAll("[\\s+]", "_"), keyType), hashFunction);
        log.append(entries, "honest");
        return log;
    }

    /**
     * The same log identity (origin and key) that agrees on the first {@code keep} entries and
     * then logs other ones: a split view.
     */
    TestLog fork(int keep, int entries) {
        TestLog fork = new TestLog(origin, key, hasher.hashFunction());
        fork.leaves.addAll(leaves.subList(0, keep));
        fork.append(entries - keep, "forked");
        return fork;
    }

    void append(int count, String label) {
        for (int i = 0; i < count; i++) {
            String entry = label + " entry " + leaves.size();
            leaves.add(hasher.leafHash(entry.getBytes(StandardCharsets.UTF_8)));
        }
    }

    int size() {
        return leaves.size();
    }

    byte[] root(int size) {
        return hasher.rootHash(leaves.subList(0, size));
    }

    String checkpoint(int size) {
        return Note.sign(new Checkpoint(origin, size, root(size)).text(), List.of(signer));
    }

    List<byte[]> proof(int from, int to) {
        if (from == 0 || from == to) {
            return List.of();
        }
        return hasher.consistencyProof(from, leaves.subList(0, to));
    }

    byte[] request(int oldSize, int size) {
        return WitnessClient.formatRequest(oldSize, proof(oldSize, size), checkpoint(size));
    }
}
