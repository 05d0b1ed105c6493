package org.cityhealth.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownAnswerTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final MerkleHasher SHA = new MerkleHasher(HashFunction.SHA256);

    /** The 8 reference leaves of the RFC 6962 / transparency-dev reference tree tests. */
    static final List<byte[]> ENTRIES = List.of(
            HEX.parseHex(""),
            HEX.parseHex("00"),
            HEX.parseHex("10"),
            HEX.parseHex("2021"),
            HEX.parseHex("3031"),
            HEX.parseHex("40414243"),
            HEX.parseHex("5051525354555657"),
            HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

    /** Expected MTH of the first n entries, n = 1..8 (transparency-dev reference values). */
    private static final List<String> ROOTS = List.of(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void emptyTreeRootIsHashOfEmptyString() {
        assertThat(HEX.formatHex(SHA.rootHash(List.of())))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(HEX.formatHex(new MerkleHasher(HashFunction.SM3).emptyRoot()))
                .isEqualTo("1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b");
    }

    @Test
    void sm3MatchesGbT32905Example() {
        assertThat(HEX.formatHex(HashFunction.SM3.hash("abc".getBytes())))
                .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        // Parts hash as their concatenation.
        assertThat(HashFunction.SM3.hash("a".getBytes(), "bc".getBytes()))
                .isEqualTo(HashFunction.SM3.hash("abc".getBytes()));
        assertThat(HashFunction.SM3.size()).isEqualTo(32);
        assertThat(HashFunction.SM3.name()).isEqualTo("SM3");
        assertThat(HashFunction.SHA256.name()).isEqualTo("SHA-256");
    }

    @Test
    void referenceTreeRoots() {
        List<byte[]> leaves = new ArrayList<>();
        for (int n = 1; n <= ENTRIES.size(); n++) {
            leaves.add(SHA.leafHash(ENTRIES.get(n - 1)));
            assertThat(HEX.formatHex(SHA.rootHash(leaves))).as("root of %d leaves", n)
                    .isEqualTo(ROOTS.get(n - 1));
        }
    }

    @Test
    void referenceInclusionProofFromRfcShape() throws ProofException {
        // RFC 9162 §2.1.5 example tree of 7 leaves: the proof for leaf 3 (d) is [c, g, h]
        // where c = leaf 2, g = MTH(a,b), h = MTH(e,f,j).
        List<byte[]> leaves = ENTRIES.subList(0, 7).stream().map(SHA::leafHash).toList();
        List<byte[]> proof = SHA.inclusionProof(3, leaves);
        assertThat(proof).hasSize(3);
        assertThat(proof.get(0)).isEqualTo(leaves.get(2));
        assertThat(proof.get(1)).isEqualTo(SHA.rootHash(leaves.subList(0, 2)));
        assertThat(proof.get(2)).isEqualTo(SHA.rootHash(leaves.subList(4, 7)));
        MerkleVerifier.verifyInclusion(HashFunction.SHA256, 3, 7, leaves.get(3), proof,
                HEX.parseHex(ROOTS.get(6)));
    }

    @Test
    void referenceConsistencyProofsFromRfcShape() throws ProofException {
        // RFC 9162 §2.1.5: PROOF(3, D[7]) = [c, d, g, l], PROOF(4, D[7]) = [l],
        // PROOF(6, D[7]) = [i, j, k] with i = MTH(e,f), j = leaf 6, k = MTH(a,b,c,d).
        List<byte[]> leaves = ENTRIES.subList(0, 7).stream().map(SHA::leafHash).toList();
        assertThat(SHA.consistencyProof(3, leaves)).containsExactly(
                leaves.get(2), leaves.get(3), SHA.rootHash(leaves.subList(0, 2)),
                SHA.rootHash(leaves.subList(4, 7)));
        assertThat(SHA.consistencyProof(4, leaves)).containsExactly(
                SHA.rootHash(leaves.subList(4, 7)));
        assertThat(SHA.consistencyProof(6, leaves)).containsExactly(
                SHA.rootHash(leaves.subList(4, 6)), leaves.get(6),
                SHA.rootHash(leaves.subList(0, 4)));
        for (int m = 1; m <= 7; m++) {
            MerkleVerifier.verifyConsistency(HashFunction.SHA256, m, 7,
                    SHA.consistencyProof(m, leaves), HEX.parseHex(ROOTS.get(m - 1)),
                    HEX.parseHex(ROOTS.get(6)));
        }
    }

    /**
     * Documents a property of RFC 9162 itself: the proof does not bind the tree size. The
     * proof for leaf 0 of the 3-leaf tree also verifies "at size 4" against the 3-leaf root,
     * because both trees have the same shape along leaf 0's path. Hence the size must be taken
     * from the signed tree head, like the root.
     */
    @Test
    void treeSizeIsNotBoundByTheProof() {
        List<byte[]> leaves = ENTRIES.subList(0, 3).stream().map(SHA::leafHash).toList();
        List<byte[]> proof = SHA.inclusionProof(0, leaves);
        byte[] root = SHA.rootHash(leaves);
        assertThatCode(() -> MerkleVerifier.verifyInclusion(
                HashFunction.SHA256, 0, 4, leaves.get(0), proof, root))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> MerkleVerifier.verifyInclusion(
                HashFunction.SHA256, 0, 5, leaves.get(0), proof, root))
                .isInstanceOf(ProofException.class);
    }

    @Test
    void generatorRejectsBadArguments() {
        List<byte[]> leaves = ENTRIES.subList(0, 3).stream().map(SHA::leafHash).toList();
        assertThatThrownBy(() -> SHA.inclusionProof(3, leaves))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SHA.inclusionProof(-1, leaves))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SHA.consistencyProof(0, leaves))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SHA.consistencyProof(4, leaves))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SHA.rootHash(List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SHA.nodeHash(new byte[32], new byte[33]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SHA.leafHash(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("entry is null");
        assertThat(SHA.consistencyProof(3, leaves)).isEmpty();
    }
}
