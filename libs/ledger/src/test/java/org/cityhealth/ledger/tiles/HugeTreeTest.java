package org.cityhealth.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;
import org.cityhealth.ledger.MerkleVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The long arithmetic at sizes no test can build: a log whose entries are all empty has, at
 * every height, one perfect-subtree hash, so its tiles can be served for any size. Roots come
 * from an independent formula, proofs are checked with MerkleVerifier, and every tile read must
 * be one that exists for the size asked about.
 */
class HugeTreeTest {

    private static final HashFunction H = HashFunction.SHA256;
    private static final MerkleHasher HASHER = new MerkleHasher(H);
    /** PERFECT[h]: the hash of 2^h empty entries. */
    private static final byte[][] PERFECT = new byte[64][];

    static {
        PERFECT[0] = HASHER.leafHash(new byte[0]);
        for (int h = 1; h < 64; h++) {
            PERFECT[h] = HASHER.nodeHash(PERFECT[h - 1], PERFECT[h - 1]);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {(1L << 40) + 12_345, (1L << 40), (1L << 33) - 1, 1L << 62, Long.MAX_VALUE})
    void proofsAndRootsAtHugeSizes(long size) throws IOException {
        UniformLog storage = new UniformLog(size);
        TileProofs proofs = new TileProofs(H, storage);
        assertThat(proofs.rootHash(size)).isEqualTo(root(size));
        for (long index : new long[] {0, size / 3, size - 1, size - 256, (size - 1) & -65_536}) {
            List<byte[]> proof = proofs.inclusionProof(index, size);
            assertThatCode(() -> MerkleVerifier.verifyInclusion(
                            H, index, size, PERFECT[0], proof, root(size)))
                    .doesNotThrowAnyException();
            assertThat(proofs.entry(index, size)).isEmpty();
        }
        for (long old : new long[] {1, size / 2, size - 1, size - 300, 1L << 20}) {
            List<byte[]> proof = proofs.consistencyProof(old, size);
            assertThatCode(() -> MerkleVerifier.verifyConsistency(H, old, size, proof, root(old), root(size)))
                    .doesNotThrowAnyException();
        }
        assertThat(storage.badReads).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {(1L << 40) + 12_345, (1L << 48) - 3, (1L << 56) - 100})
    void appendingToAHugeLog(long size) throws IOException {
        UniformLog storage = new UniformLog(size);
        LogState next = new TiledLog(H, storage)
                .append(new LogState(size, root(size)), Collections.nCopies(1_000, new byte[0]));
        assertThat(next).isEqualTo(new LogState(size + 1_000, root(size + 1_000)));
        assertThat(new TileProofs(H, storage).rootHash(size + 1_000)).isEqualTo(root(size + 1_000));
        assertThat(storage.badReads).isEmpty();
    }

    /** RFC 9162 root of {@code size} empty entries: perfect subtrees by the bits of the size. */
    private static byte[] root(long size) {
        byte[] root = null;
        for (int h = 0; h < 63; h++) {
            if ((size & (1L << h)) != 0) {
                root = root == null ? PERFECT[h] : HASHER.nodeHash(PERFECT[h], root);
            }
        }
        return root;
    }

    /** Serves the tiles of a log of empty entries; writes go to an overlay. */
    private static final class UniformLog implements TileStorage {
        private final long size;
        private final Map<String, byte[]> written = new ConcurrentHashMap<>();
        final List<String> badReads = Collections.synchronizedList(new ArrayList<>());

        UniformLog(long size) {
            this.size = size;
        }

        @Override
        public Optional<byte[]> read(String path) {
            if (written.containsKey(path)) {
                return Optional.of(written.get(path).clone());
            }
            TileRef ref = TileRef.parse(path);
            if (!existsAtSomeSizeUpTo(ref)) {
                badReads.add(path);
                return Optional.empty();
            }
            if (ref.isEntries()) {
                return Optional.of(new byte[2 * ref.width()]);
            }
            byte[] tile = new byte[ref.width() * H.size()];
            for (int i = 0; i < ref.width(); i++) {
                System.arraycopy(PERFECT[8 * ref.level()], 0, tile, i * H.size(), H.size());
            }
            return Optional.of(tile);
        }

        /** A tile belongs to the log of this size if some size up to it has exactly that tile. */
        private boolean existsAtSomeSizeUpTo(TileRef ref) {
            int geometry = Math.max(ref.level(), 0);
            long full = Tiles.fullTiles(geometry, size);
            return ref.index() < full
                    || (ref.index() == full && ref.width() <= Tiles.partialWidth(geometry, size));
        }

        @Override
        public void write(String path, byte[] data) {
            written.put(path, data.clone());
        }
    }
}
