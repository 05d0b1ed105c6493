package org.cityhealth.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proof generation over one
 * {@link HashFunction}.
 *
 * <p>Hashing (RFC 9162 §2.1.1): a leaf hashes as {@code H(0x00 || entry)} and an interior node
 * as {@code H(0x01 || left || right)}. The distinct prefixes are the domain separation that
 * stops a second-preimage attack in which an interior node is passed off as a leaf. The tree
 * hash of {@code n > 1} leaves splits at {@code k}, the largest power of two smaller than
 * {@code n}; the hash of the empty tree is {@code H()} of the empty string.
 *
 * <p>Proof generation (RFC 9162 §2.1.3.1 and §2.1.4.1) works on an in-memory list of leaf
 * hashes and is meant for a log server, tests and tooling. Clients that only verify use
 * {@link MerkleVerifier}, which never needs the tree.
 *
 * <p>Instances are immutable and thread-safe. Methods that take a list of leaf hashes do not
 * copy or retain it; it must not change during the call.
 */
public final class MerkleHasher {

    private static final byte[] LEAF_PREFIX = {0x00};
    private static final byte[] NODE_PREFIX = {0x01};

    private final HashFunction hashFunction;

    /**
     * @param hashFunction the hash {@code H} used for every leaf and node
     * @throws NullPointerException if {@code hashFunction} is null
     */
    public MerkleHasher(HashFunction hashFunction) {
        this.hashFunction = Objects.requireNonNull(hashFunction, "hashFunction is null");
    }

    /** The hash function this hasher uses. */
    public HashFunction hashFunction() {
        return hashFunction;
    }

    /** Root of the empty tree: {@code H()} of the empty string (RFC 9162 §2.1.1). */
    public byte[] emptyRoot() {
        return hashFunction.hash();
    }

    /**
     * Leaf hash {@code H(0x00 || entry)}.
     *
     * @param entry the raw log entry; may be empty, must not be null
     */
    public byte[] leafHash(byte[] entry) {
        Objects.requireNonNull(entry, "entry is null");
        return hashFunction.hash(LEAF_PREFIX, entry);
    }

    /**
     * Interior node hash {@code H(0x01 || left || right)}.
     *
     * @throws IllegalArgumentException if either child is not exactly {@code size()} bytes,
     *     since a node over malformed children would silently produce an unverifiable tree
     */
    public byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        return hashFunction.hash(NODE_PREFIX, left, right);
    }

    /**
     * Merkle tree hash MTH(D[n]) of the given leaf hashes (RFC 9162 §2.1.1).
     *
     * @param leafHashes leaf hashes in log order (already {@link #leafHash leaf-hashed}); may be
     *     empty, in which case the result is {@link #emptyRoot()}
     * @throws IllegalArgumentException if an element is not {@code size()} bytes long
     */
    public byte[] rootHash(List<byte[]> leafHashes) {
        requireLeafHashes(leafHashes);
        if (leafHashes.isEmpty()) {
            return emptyRoot();
        }
        return subtreeHash(leafHashes, 0, leafHashes.size());
    }

    /**
     * Inclusion proof PATH(m, D[n]) for the leaf at {@code index} (RFC 9162 §2.1.3.1): the
     * sibling hashes from the leaf up to the root, lowest level first.
     *
     * @param index zero-based leaf index, {@code 0 <= index < leafHashes.size()}
     * @param leafHashes the whole tree's leaf hashes
     * @return a new mutable list of {@code size()}-byte hashes (empty for a one-leaf tree)
     * @throws IllegalArgumentException if {@code index} is outside the tree or a leaf hash is
     *     malformed
     */
    public List<byte[]> inclusionProof(int index, List<byte[]> leafHashes) {
        requireLeafHashes(leafHashes);
        int n = leafHashes.size();
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException(
                    "index " + index + " is outside a tree of size " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, leafHashes, 0, n, proof);
        return proof;
    }

    /**
     * Consistency proof PROOF(m, D[n]) between the tree of the first {@code size1} leaves and the
     * tree of all {@code n = leafHashes.size()} leaves (RFC 9162 §2.1.4.1).
     *
     * @param size1 the old tree size, {@code 0 < size1 <= n}; for {@code size1 == n} the proof
     *     is empty (equal trees need no proof). {@code size1 == 0} is rejected because the
     *     RFC defines proofs only for non-empty old trees and {@link MerkleVerifier} rejects
     *     them: the empty tree is a prefix of every tree, so such a proof would prove nothing.
     * @return a new mutable list of {@code size()}-byte hashes
     * @throws IllegalArgumentException if {@code size1} is out of range or a leaf hash is
     *     malformed
     */
    public List<byte[]> consistencyProof(int size1, List<byte[]> leafHashes) {
        requireLeafHashes(leafHashes);
        int n = leafHashes.size();
        if (size1 <= 0 || size1 > n) {
            throw new IllegalArgumentException(
                    "size1 " + size1 + " must satisfy 0 < size1 <= " + n);
        }
        List<byte[]> proof = new ArrayList<>();
        if (size1 < n) {
            subproof(size1, leafHashes, 0, n, true, proof);
        }
        return proof;
    }

    // --- recursion over the half-open leaf range [from, to); all ranges are non-empty ---

    /** MTH(D[from:to]). Recursion depth is log2(n), so no stack concern. */
    private byte[] subtreeHash(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from).clone();
        }
        int k = split(n);
        return hashFunction.hash(
                NODE_PREFIX,
                subtreeHash(leaves, from, from + k),
                subtreeHash(leaves, from + k, to));
    }

    /** PATH(m, D[from:to]) with m relative to {@code from}; appends lowest level first. */
    private void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> out) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, leaves, from, from + k, out);
            out.add(subtreeHash(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, out);
            out.add(subtreeHash(leaves, from, from + k));
        }
    }

    /**
     * SUBPROOF(m, D[from:to], b). {@code complete} is the RFC's flag b: true while the subtree
     * still coincides with the old tree's root, whose hash the verifier already has.
     */
    private void subproof(
            int m, List<byte[]> leaves, int from, int to, boolean complete, List<byte[]> out) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                out.add(subtreeHash(leaves, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, leaves, from, from + k, complete, out);
            out.add(subtreeHash(leaves, from + k, to));
        } else {
            subproof(m - k, leaves, from + k, to, false, out);
            out.add(subtreeHash(leaves, from, from + k));
        }
    }

    /** Largest power of two strictly smaller than {@code n}; requires {@code n >= 2}. */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private void requireLeafHashes(List<byte[]> leafHashes) {
        Objects.requireNonNull(leafHashes, "leafHashes is null");
        for (int i = 0; i < leafHashes.size(); i++) {
            requireHash(leafHashes.get(i), "leafHashes[" + i + "]");
        }
    }

    private void requireHash(byte[] hash, String what) {
        Objects.requireNonNull(hash, what + " is null");
        if (hash.length != hashFunction.size()) {
            throw new IllegalArgumentException(
                    what + " has " + hash.length + " bytes, expected " + hashFunction.size()
                            + " for " + hashFunction.name());
        }
    }
}
