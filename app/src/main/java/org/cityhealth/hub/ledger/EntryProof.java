package org.cityhealth.hub.ledger;

import java.util.List;

/**
 * An entry with its inclusion proof in a published checkpoint: everything a verifier needs, offline.
 *
 * @param index      position in the log
 * @param entry      the entry's bytes as canonical JSON text
 * @param leafHash   base64 {@code H(0x00 || entry)}
 * @param treeSize   size of the checkpoint the proof is for
 * @param proof      base64 sibling hashes, lowest first (RFC 9162)
 * @param checkpoint the published checkpoint (signed note with cosignatures)
 */
public record EntryProof(long index, String entry, String leafHash, long treeSize, List<String> proof, String checkpoint) {
}
