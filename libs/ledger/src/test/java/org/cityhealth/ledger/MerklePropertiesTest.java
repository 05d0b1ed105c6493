package org.cityhealth.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property tests over random trees of 1..300 leaves, for each hash function: generated proofs
 * verify, and any single tampering makes verification fail.
 */
class MerklePropertiesTest {

    private static final int EXAMPLES = 250;

    static List<HashFunction> hashFunctions() {
        return List.of(HashFunction.SHA256, HashFunction.SM3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashFunctions")
    void inclusionProofsVerifyAndTamperingFails(HashFunction h) {
        MerkleHasher hasher = new MerkleHasher(h);
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 300), integers().allPositive(),
                        integers().allPositive(), integers().all())
                .checkAssert((n, indexPick, tamperPick, seed) -> {
                    List<byte[]> leaves = leaves(hasher, n, seed);
                    int index = indexPick % n;
                    byte[] root = hasher.rootHash(leaves);
                    byte[] leaf = leaves.get(index);
                    List<byte[]> proof = hasher.inclusionProof(index, leaves);

                    assertVerifies(() -> MerkleVerifier.verifyInclusion(h, index, n, leaf, proof, root));
                    assertThat(rootOf(h, index, n, leaf, proof))
                            .isEqualTo(root);

                    // Any flipped bit in the leaf, the root or the proof.
                    assertFails(() -> MerkleVerifier.verifyInclusion(
                            h, index, n, flip(leaf, tamperPick), proof, root));
                    assertFails(() -> MerkleVerifier.verifyInclusion(
                            h, index, n, leaf, proof, flip(root, tamperPick)));
                    if (!proof.isEmpty()) {
                        assertFails(() -> MerkleVerifier.verifyInclusion(
                                h, index, n, leaf, flipInProof(proof, tamperPick), root));
                        assertFails(() -> MerkleVerifier.verifyInclusion(
                                h, index, n, leaf, proof.subList(0, proof.size() - 1), root));
                    }
                    List<byte[]> longer = new ArrayList<>(proof);
                    longer.add(root);
                    assertFails(() -> MerkleVerifier.verifyInclusion(h, index, n, leaf, longer, root));

                    // Another index of the same tree, or an index outside it.
                    if (n > 1) {
                        int other = (index + 1 + tamperPick % (n - 1)) % n;
                        assertFails(() -> MerkleVerifier.verifyInclusion(h, other, n, leaf, proof, root));
                    }
                    assertFails(() -> MerkleVerifier.verifyInclusion(h, n, n, leaf, proof, root));

                    // Another size. RFC 9162 proofs do not bind the size when the tree shape
                    // along the leaf's path is unchanged (see KnownAnswerTest), so we demand
                    // failure whenever the shape, i.e. the expected proof length, differs.
                    for (long size : new long[] {n - 1, n + 1, 2L * n, n + 1L + tamperPick % 1000}) {
                        if (size > index && expectedInclusionLength(index, size) != proof.size()) {
                            assertFails(() -> MerkleVerifier.verifyInclusion(h, index, size, leaf, proof, root));
                        }
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashFunctions")
    void consistencyProofsVerifyAndTamperingFails(HashFunction h) {
        MerkleHasher hasher = new MerkleHasher(h);
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 300), integers().allPositive(),
                        integers().allPositive(), integers().all())
                .checkAssert((n, sizePick, tamperPick, seed) -> {
                    List<byte[]> leaves = leaves(hasher, n, seed);
                    int size1 = 1 + sizePick % n;
                    byte[] root1 = hasher.rootHash(leaves.subList(0, size1));
                    byte[] root2 = hasher.rootHash(leaves);
                    List<byte[]> proof = hasher.consistencyProof(size1, leaves);

                    assertVerifies(() -> MerkleVerifier.verifyConsistency(h, size1, n, proof, root1, root2));

                    assertFails(() -> MerkleVerifier.verifyConsistency(
                            h, size1, n, proof, flip(root1, tamperPick), root2));
                    assertFails(() -> MerkleVerifier.verifyConsistency(
                            h, size1, n, proof, root1, flip(root2, tamperPick)));
                    if (!proof.isEmpty()) {
                        assertFails(() -> MerkleVerifier.verifyConsistency(
                                h, size1, n, flipInProof(proof, tamperPick), root1, root2));
                        assertFails(() -> MerkleVerifier.verifyConsistency(
                                h, size1, n, proof.subList(1, proof.size()), root1, root2));
                    }
                    List<byte[]> longer = new ArrayList<>(proof);
                    longer.add(root2);
                    assertFails(() -> MerkleVerifier.verifyConsistency(h, size1, n, longer, root1, root2));
                    if (size1 < n) {
                        // Swapped roots and a diverging new tree (one leaf of the new part changed).
                        assertFails(() -> MerkleVerifier.verifyConsistency(h, size1, n, proof, root2, root1));
                        List<byte[]> forked = new ArrayList<>(leaves);
                        int changed = size1 - 1 - tamperPick % size1;
                        forked.set(changed, flip(forked.get(changed), tamperPick));
                        byte[] forkedRoot2 = hasher.rootHash(forked);
                        assertFails(() -> MerkleVerifier.verifyConsistency(
                                h, size1, n, proof, root1, forkedRoot2));
                        assertFails(() -> MerkleVerifier.verifyConsistency(
                                h, size1, n, hasher.consistencyProof(size1, forked), root1, forkedRoot2));
                    }
                    assertFails(() -> MerkleVerifier.verifyConsistency(h, n + 1L, n, proof, root1, root2));
                    assertFails(() -> MerkleVerifier.verifyConsistency(h, 0, n, proof, root1, root2));
                });
    }

    /**
     * Pure arithmetic up to 2^63-1: for arbitrary sizes and arbitrary junk proofs, the verifier
     * throws only ProofException, and a proof of the right shape round-trips through
     * rootFromInclusionProof.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hashFunctions")
    void hugeTreesAndJunkInputOnlyRaiseProofException(HashFunction h) {
        qt().withExamples(500)
                .forAll(longs().all(), longs().all(), integers().between(0, 70), longs().all())
                .checkAssert((a, b, proofLength, seed) -> {
                    Random random = new Random(seed);
                    List<byte[]> proof = new ArrayList<>();
                    for (int i = 0; i < proofLength; i++) {
                        // Mostly well-sized elements, sometimes junk lengths.
                        byte[] e = new byte[random.nextInt(8) == 0 ? random.nextInt(40) : h.size()];
                        random.nextBytes(e);
                        proof.add(e);
                    }
                    byte[] x = random(random, h.size());
                    byte[] y = random(random, h.size());
                    assertOnlyProofException(() -> MerkleVerifier.verifyInclusion(h, a, b, x, proof, y));
                    assertOnlyProofException(() -> MerkleVerifier.verifyConsistency(h, a, b, proof, x, y));

                    // A well-formed proof in a huge tree: index a, size b (made 0 <= a < b).
                    long size = b == Long.MIN_VALUE ? Long.MAX_VALUE : Math.max(Math.abs(b), 1);
                    long index = Math.floorMod(a, size);
                    List<byte[]> good = new ArrayList<>();
                    for (int i = 0; i < expectedInclusionLength(index, size); i++) {
                        good.add(random(random, h.size()));
                    }
                    byte[] root = rootOf(h, index, size, x, good);
                    assertVerifies(() -> MerkleVerifier.verifyInclusion(h, index, size, x, good, root));
                    assertFails(() -> MerkleVerifier.verifyInclusion(h, index, size, x, good, flip(root, 7)));
                });
    }

    // --- helpers ---

    /** rootFromInclusionProof for lambdas: a ProofException here is a test failure. */
    private static byte[] rootOf(HashFunction h, long index, long size, byte[] leaf, List<byte[]> proof) {
        try {
            return MerkleVerifier.rootFromInclusionProof(h, index, size, leaf, proof);
        } catch (ProofException e) {
            throw new AssertionError("valid proof rejected", e);
        }
    }

    static int expectedInclusionLength(long index, long size) {
        int inner = MerkleVerifier.innerProofSize(index, size);
        return inner + Long.bitCount(index >>> inner);
    }

    private static List<byte[]> leaves(MerkleHasher hasher, int n, int seed) {
        List<byte[]> leaves = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            leaves.add(hasher.leafHash(ByteBuffer.allocate(8).putInt(seed).putInt(i).array()));
        }
        return leaves;
    }

    private static byte[] random(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A copy with one bit flipped, chosen by {@code pick}. */
    static byte[] flip(byte[] bytes, int pick) {
        byte[] copy = bytes.clone();
        int bit = Math.floorMod(pick, copy.length * 8);
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static List<byte[]> flipInProof(List<byte[]> proof, int pick) {
        List<byte[]> copy = new ArrayList<>(proof);
        int element = Math.floorMod(pick, copy.size());
        copy.set(element, flip(copy.get(element), pick / 7));
        return copy;
    }

    private static void assertVerifies(ThrowingCallable call) {
        assertThatCode(call).doesNotThrowAnyException();
    }

    private static void assertFails(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(ProofException.class);
    }

    private static void assertOnlyProofException(ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(ProofException.class);
        }
    }
}
