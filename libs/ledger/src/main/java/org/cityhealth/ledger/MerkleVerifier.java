package org.cityhealth.ledger;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Verification of RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs.
 *
 * <p>Verification is pure arithmetic on the leaf index and tree sizes plus {@code O(log n)}
 * hashes: the tree is never built, so any size up to {@link Long#MAX_VALUE} (2<sup>63</sup>-1)
 * works. The algorithm is the bit-decomposition form used by transparency-dev/merkle, which
 * is equivalent to the RFC's loop but checks the exact proof length up front, so an
 * over-long or short proof is reported as such rather than as a root mismatch.
 *
 * <p>Failure contract: a proof that does not verify, or impossible parameters (negative or
 * out-of-range index/size, wrong proof length, proof element of the wrong size), raise
 * {@link ProofException}. A null argument or null list raises {@link NullPointerException}
 * (a programming error, not untrusted input); a null proof element is untrusted input and
 * raises {@link ProofException}. Nothing else is thrown.
 *
 * <p>What a proof does NOT bind: the tree size. A proof for a leaf in a tree of size n can
 * also verify at another size whose tree has the same shape along the leaf's path (e.g.
 * leaf 0 of size 3 and size 4). The size must therefore come from the authenticated
 * (signed) tree head together with the root, never from the proof's sender alone.
 */
public final class MerkleVerifier {

    private static final byte[] NODE_PREFIX = {0x01};

    private MerkleVerifier() {}

    /**
     * Verifies that {@code leafHash} is the leaf at {@code leafIndex} of the tree of size
     * {@code treeSize} whose root is {@code root}.
     *
     * @param leafHash the leaf hash {@code H(0x00 || entry)}, not the raw entry
     * @param proof sibling hashes, lowest level first (as produced by
     *     {@link MerkleHasher#inclusionProof})
     * @throws ProofException if the proof does not verify or the parameters are impossible
     */
    public static void verifyInclusion(
            HashFunction hashFunction,
            long leafIndex,
            long treeSize,
            byte[] leafHash,
            List<byte[]> proof,
            byte[] root)
            throws ProofException {
        Objects.requireNonNull(root, "root is null");
        byte[] computed = rootFromInclusionProof(hashFunction, leafIndex, treeSize, leafHash, proof);
        requireMatch(computed, root, "root");
    }

    /**
     * Computes the root implied by an inclusion proof (RFC 9162 §2.1.3.2 without the final
     * comparison), for callers that look the root up by value.
     *
     * @return a new array of {@code hashFunction.size()} bytes
     * @throws ProofException if the index/size are impossible or the proof has the wrong shape
     */
    public static byte[] rootFromInclusionProof(
            HashFunction hashFunction, long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        Objects.requireNonNull(hashFunction, "hashFunction is null");
        Objects.requireNonNull(leafHash, "leafHash is null");
        Objects.requireNonNull(proof, "proof is null");
        if (treeSize <= 0) {
            throw new ProofException("tree size " + treeSize + " has no leaves to prove");
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new ProofException(
                    "leaf index " + leafIndex + " is outside a tree of size " + treeSize);
        }
        if (leafHash.length != hashFunction.size()) {
            throw new ProofException(
                    "leaf hash has " + leafHash.length + " bytes, expected " + hashFunction.size());
        }
        // Levels below `inner` are where the leaf's path and the path of the last leaf
        // (treeSize-1) are in different subtrees: siblings there sit left or right depending on
        // the index bit. Above, the leaf is on the tree's right border, where a node only has a
        // sibling (always on its left) when the index bit is 1.
        int inner = innerProofSize(leafIndex, treeSize);
        int border = Long.bitCount(leafIndex >>> inner);
        requireProofShape(hashFunction, proof, inner + border, "inclusion");
        byte[] hash = chainInner(hashFunction, leafHash, proof, 0, inner, leafIndex);
        return chainBorderRight(hashFunction, hash, proof, inner, proof.size());
    }

    /**
     * Verifies that the tree of size {@code size1} with root {@code root1} is a prefix of the
     * tree of size {@code size2} with root {@code root2}.
     *
     * <p>Edge cases, matching transparency-dev/merkle and its test vectors:
     * {@code size1 == size2} requires an empty proof and byte-equal roots;
     * {@code size1 == 0} is rejected (RFC 9162 §2.1.4 defines proofs only for a non-empty old
     * tree, and an empty tree is trivially a prefix of every tree, so the check is useless —
     * a caller that trusts an empty tree needs no proof); {@code size1 > size2} is rejected.
     *
     * @throws ProofException if the proof does not verify or the parameters are impossible
     */
    public static void verifyConsistency(
            HashFunction hashFunction,
            long size1,
            long size2,
            List<byte[]> proof,
            byte[] root1,
            byte[] root2)
            throws ProofException {
        Objects.requireNonNull(hashFunction, "hashFunction is null");
        Objects.requireNonNull(proof, "proof is null");
        Objects.requireNonNull(root1, "root1 is null");
        Objects.requireNonNull(root2, "root2 is null");
        if (size1 < 0 || size2 < 0) {
            throw new ProofException("negative tree size: size1=" + size1 + ", size2=" + size2);
        }
        if (size1 > size2) {
            throw new ProofException("size1 " + size1 + " is greater than size2 " + size2);
        }
        if (size1 == 0) {
            throw new ProofException(
                    "consistency with the empty tree (size1 = 0) is not provable: every tree extends it");
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException(
                        "size1 = size2 = " + size1 + " needs an empty proof, got " + proof.size()
                                + " elements");
            }
            requireMatch(root1, root2, "root1 vs root2 of equal-size trees");
            return;
        }
        if (proof.isEmpty()) {
            throw new ProofException("empty proof for size1 " + size1 + " < size2 " + size2);
        }
        // Now 0 < size1 < size2. The proof is the tail of the inclusion proof of leaf size1-1
        // in the size2 tree, starting at level `shift`: the old tree's largest complete
        // right-most subtree of 2^shift leaves, whose hash is the seed.
        int inner = innerProofSize(size1 - 1, size2);
        int border = Long.bitCount((size1 - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(size1);
        inner -= shift; // shift < inner because size1 < size2
        int start;
        byte[] seed;
        if (size1 == 1L << shift) {
            // The old tree is itself that complete subtree: its root is the seed, not sent.
            seed = root1;
            start = 0;
        } else {
            seed = proof.get(0);
            start = 1;
        }
        requireProofShape(hashFunction, proof, start + inner + border, "consistency");
        long mask = (size1 - 1) >>> shift;

        // Old root: only left siblings contribute (the old tree ends at leaf size1-1).
        byte[] hash1 = chainInnerRight(hashFunction, seed, proof, start, start + inner, mask);
        hash1 = chainBorderRight(hashFunction, hash1, proof, start + inner, proof.size());
        requireMatch(hash1, root1, "root1");

        // New root: the same path, now with the right siblings too.
        byte[] hash2 = chainInner(hashFunction, seed, proof, start, start + inner, mask);
        hash2 = chainBorderRight(hashFunction, hash2, proof, start + inner, proof.size());
        requireMatch(hash2, root2, "root2");
    }

    /** Number of levels where the paths of {@code index} and {@code size - 1} diverge. */
    static int innerProofSize(long index, long size) {
        // Both are non-negative longs, so the XOR is < 2^63 and the result is <= 63: the
        // later `>>> inner` shifts never hit Java's "shift by 64 is shift by 0" rule.
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    private static byte[] chainInner(
            HashFunction h, byte[] seed, List<byte[]> proof, int from, int to, long index) {
        for (int i = from; i < to; i++) {
            byte[] sibling = proof.get(i);
            seed = ((index >>> (i - from)) & 1) == 0
                    ? h.hash(NODE_PREFIX, seed, sibling)
                    : h.hash(NODE_PREFIX, sibling, seed);
        }
        return seed;
    }

    private static byte[] chainInnerRight(
            HashFunction h, byte[] seed, List<byte[]> proof, int from, int to, long index) {
        for (int i = from; i < to; i++) {
            if (((index >>> (i - from)) & 1) == 1) {
                seed = h.hash(NODE_PREFIX, proof.get(i), seed);
            }
        }
        return seed;
    }

    private static byte[] chainBorderRight(
            HashFunction h, byte[] seed, List<byte[]> proof, int from, int to) {
        for (int i = from; i < to; i++) {
            seed = h.hash(NODE_PREFIX, proof.get(i), seed);
        }
        return seed;
    }

    private static void requireProofShape(
            HashFunction h, List<byte[]> proof, int expected, String kind) throws ProofException {
        if (proof.size() != expected) {
            throw new ProofException(
                    kind + " proof has " + proof.size() + " elements, expected " + expected);
        }
        for (int i = 0; i < proof.size(); i++) {
            byte[] element = proof.get(i);
            if (element == null) {
                throw new ProofException(kind + " proof element " + i + " is null");
            }
            if (element.length != h.size()) {
                throw new ProofException(
                        kind + " proof element " + i + " has " + element.length
                                + " bytes, expected " + h.size());
            }
        }
    }

    private static void requireMatch(byte[] computed, byte[] expected, String what)
            throws ProofException {
        // Constant-time comparison: cheap, and avoids a timing oracle if a verifier is ever
        // exposed as a service.
        if (!MessageDigest.isEqual(computed, expected)) {
            throw new ProofException(what + " mismatch: proof does not lead to the expected hash");
        }
    }
}
