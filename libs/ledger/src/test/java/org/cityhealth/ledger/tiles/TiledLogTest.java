package org.cityhealth.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;
import org.cityhealth.ledger.MerkleVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The writer and the proof reader against {@link MerkleHasher} as the reference: same roots and
 * byte-identical proofs for every size reached, whatever the batch split.
 */
class TiledLogTest {

    static List<HashFunction> hashFunctions() {
        return List.of(HashFunction.SHA256, HashFunction.SM3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashFunctions")
    void randomBatchesMatchTheReferenceTree(HashFunction h) {
        MerkleHasher hasher = new MerkleHasher(h);
        qt().withExamples(40)
                .forAll(integers().between(1, 3000), longs().all())
                .checkAssert((n, seed) -> {
                    List<byte[]> entries = TestLogs.entries(n, seed);
                    List<byte[]> leaves = TestLogs.leafHashes(h, entries);
                    MemoryTileStorage storage = new MemoryTileStorage();
                    List<LogState> states = TestLogs.appendAll(
                            new TiledLog(h, storage), LogState.empty(h), entries, TestLogs.batches(n, seed));
                    LogState last = states.get(states.size() - 1);
                    assertThat(last.size()).isEqualTo(n.longValue());
                    assertThat(last.rootHash()).isEqualTo(hasher.rootHash(leaves));

                    // Every size a checkpoint could have been published for stays provable,
                    // including those whose partial tiles were pruned since.
                    TileProofs proofs = new TileProofs(h, storage);
                    Random random = new Random(seed);
                    for (LogState state : sample(states, 6, random)) {
                        int size = (int) state.size();
                        List<byte[]> prefix = leaves.subList(0, size);
                        assertThat(state.rootHash()).isEqualTo(hasher.rootHash(prefix));
                        assertThat(call(() -> proofs.rootHash(size))).isEqualTo(state.rootHash());
                        int index = random.nextInt(size);
                        List<byte[]> inclusion = call(() -> proofs.inclusionProof(index, size));
                        assertSameProof(inclusion, hasher.inclusionProof(index, prefix));
                        assertThat(call(() -> proofs.entry(index, size))).isEqualTo(entries.get(index));
                        assertThat(call(() -> proofs.leafHash(index, size))).isEqualTo(leaves.get(index));
                        assertSameProof(call(() -> proofs.consistencyProof(size, n)),
                                hasher.consistencyProof(size, leaves));
                        assertVerifies(h, index, state, leaves, inclusion);
                    }
                });
    }

    /**
     * 70,000 entries: crosses level-1 and level-2 tile boundaries (65,536 = 256^2). One batch
     * leaves exactly the tiles the spec lists for this size.
     */
    @Test
    void seventyThousandEntriesInOneBatchGiveTheSpecsTiles() throws IOException {
        HashFunction h = HashFunction.SHA256;
        List<byte[]> entries = TestLogs.entries(70_000, 7);
        MemoryTileStorage storage = new MemoryTileStorage();
        LogState state = new TiledLog(h, storage).append(LogState.empty(h), entries);

        SortedSet<String> expected = new TreeSet<>();
        for (int n = 0; n < 273; n++) {
            expected.add(TileRef.tilePath(0, n, 256));
            expected.add(TileRef.entriesPath(n, 256));
        }
        expected.addAll(List.of("tile/0/273.p/112", "tile/entries/273.p/112", "tile/1/000", "tile/1/001.p/17",
                "tile/2/000.p/1"));
        assertThat(storage.paths()).isEqualTo(expected);
        List<byte[]> leaves = TestLogs.leafHashes(h, entries);
        assertThat(state.rootHash()).isEqualTo(new MerkleHasher(h).rootHash(leaves));
        assertThat(TreeAudit.audit(h, storage, 70_000, state.rootHash()).ok()).isTrue();
    }

    /** Batches that end exactly on 65,536 and on other tile edges, and ones that straddle them. */
    @Test
    void batchesAroundLevelTwoBoundary() throws IOException {
        HashFunction h = HashFunction.SHA256;
        MerkleHasher hasher = new MerkleHasher(h);
        List<byte[]> entries = TestLogs.entries(66_000, 11);
        List<byte[]> leaves = TestLogs.leafHashes(h, entries);
        List<Integer> batches =
                new ArrayList<>(List.of(255, 1, 256, 65_000 - 512, 535, 1, 1, 0, 98, 1, 100, 1, 108));
        batches.add(66_000 - batches.stream().mapToInt(Integer::intValue).sum());
        MemoryTileStorage storage = new MemoryTileStorage();
        TiledLog log = new TiledLog(h, storage);
        List<LogState> states = new ArrayList<>();
        LogState state = LogState.empty(h);
        int from = 0;
        for (int batch : batches) {
            state = log.append(state, entries.subList(from, from + batch));
            states.add(state);
            from += batch;
        }
        assertThat(states.stream().mapToLong(LogState::size)).contains(65_536L, 65_535L, 65_537L, 256L, 512L);
        TileProofs proofs = new TileProofs(h, storage);
        Random random = new Random(3);
        for (LogState s : states) {
            int size = (int) s.size();
            if (size == 0) {
                continue;
            }
            if (size == 65_536 || size == 66_000 || size == 512) {
                assertThat(s.rootHash()).isEqualTo(hasher.rootHash(leaves.subList(0, size)));
            }
            assertThat(proofs.rootHash(size)).isEqualTo(s.rootHash());
            int index = random.nextInt(size);
            assertVerifies(h, index, s, leaves, proofs.inclusionProof(index, size));
        }
        // Byte-identical to the reference at the boundary sizes.
        for (int size : new int[] {65_535, 65_536, 65_537}) {
            List<byte[]> prefix = leaves.subList(0, size);
            for (int index : new int[] {0, 255, 256, 65_280, size - 1}) {
                assertSameProof(proofs.inclusionProof(index, size), hasher.inclusionProof(index, prefix));
            }
            assertSameProof(proofs.consistencyProof(size, 66_000), hasher.consistencyProof(size, leaves));
            assertSameProof(proofs.consistencyProof(257, size), hasher.consistencyProof(257, prefix));
        }
        assertThat(TreeAudit.audit(h, storage, 66_000, state.rootHash()).ok()).isTrue();
        LogState at65536 = states.stream().filter(s -> s.size() == 65_536).findFirst().orElseThrow();
        assertThat(TreeAudit.audit(h, storage, 65_536, at65536.rootHash()).ok()).isTrue();
    }

    /** After a crash between writing tiles and publishing, the same batch rewrites the same bytes. */
    @Test
    void reappendingTheSameBatchIsIdempotent() throws IOException {
        HashFunction h = HashFunction.SHA256;
        List<byte[]> entries = TestLogs.entries(2_000, 5);
        MemoryTileStorage storage = new MemoryTileStorage();
        TiledLog log = new TiledLog(h, storage);
        LogState s0 = log.append(LogState.empty(h), entries.subList(0, 700));
        List<byte[]> batch = entries.subList(700, 2_000);
        LogState s1 = log.append(s0, batch);
        var written = TestLogs.snapshot(storage);

        // The same instance (its cached edge is at s1) and a fresh one (a restarted process).
        assertThat(log.append(s0, batch)).isEqualTo(s1);
        assertThat(TestLogs.snapshot(storage)).isEqualTo(written);
        assertThat(new TiledLog(h, storage).append(s0, batch)).isEqualTo(s1);
        assertThat(TestLogs.snapshot(storage)).isEqualTo(written);
        // And the log goes on from there.
        assertThat(log.append(s1, List.of(new byte[] {1})).size()).isEqualTo(2_001);
    }

    /** A storage failure at any write, then a retry: the result is the clean run's storage. */
    @Test
    void crashAtAnyWriteThenRetryGivesTheSameStorage() throws IOException {
        HashFunction h = HashFunction.SHA256;
        List<byte[]> entries = TestLogs.entries(1_400, 9);
        MemoryTileStorage clean = new MemoryTileStorage();
        LogState s0 = new TiledLog(h, clean).append(LogState.empty(h), entries.subList(0, 300));
        MemoryTileStorage atS0 = TestLogs.copy(clean);
        List<byte[]> batch = entries.subList(300, 1_400);
        LogState s1 = new TiledLog(h, clean).append(s0, batch);
        var expected = TestLogs.snapshot(clean);

        FailingStorage counting = new FailingStorage(TestLogs.copy(atS0), Integer.MAX_VALUE);
        new TiledLog(h, counting).append(s0, batch);
        assertThat(counting.writes).isGreaterThan(8);
        for (int failAt = 0; failAt < counting.writes; failAt++) {
            MemoryTileStorage memory = TestLogs.copy(atS0);
            FailingStorage failing = new FailingStorage(memory, failAt);
            TiledLog log = new TiledLog(h, failing);
            assertThatThrownBy(() -> log.append(s0, batch)).isInstanceOf(IOException.class);
            failing.failAt = Integer.MAX_VALUE;
            // Retry on the instance that failed: it must not trust its half-applied edge.
            assertThat(log.append(s0, batch)).isEqualTo(s1);
            assertThat(TestLogs.snapshot(memory)).as("failure at write %d", failAt).isEqualTo(expected);
        }
    }

    @Test
    void entriesUpToTheUint16LimitAndEmptyOnes() throws IOException {
        HashFunction h = HashFunction.SHA256;
        MemoryTileStorage storage = new MemoryTileStorage();
        TiledLog log = new TiledLog(h, storage);
        byte[] largest = new byte[65_535];
        Arrays.fill(largest, (byte) 7);
        LogState state = log.append(LogState.empty(h), List.of(largest, new byte[0], new byte[] {42}));
        TileProofs proofs = new TileProofs(h, storage);
        assertThat(proofs.entry(0, 3)).isEqualTo(largest);
        assertThat(proofs.entry(1, 3)).isEmpty();
        assertThat(proofs.entry(2, 3)).containsExactly(42);

        var before = TestLogs.snapshot(storage);
        assertThatThrownBy(() -> log.append(state, List.of(new byte[] {1}, new byte[65_536])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1 of the batch has 65536 bytes")
                .hasMessageContaining("65535");
        assertThat(TestLogs.snapshot(storage)).isEqualTo(before);
        assertThat(log.append(state, List.of())).isSameAs(state);
    }

    @Test
    void refusesAStateThatIsNotInStorage() throws IOException {
        HashFunction h = HashFunction.SHA256;
        MemoryTileStorage storage = new MemoryTileStorage();
        LogState state = new TiledLog(h, storage).append(LogState.empty(h), TestLogs.entries(300, 1));
        byte[] wrongRoot = state.rootHash();
        wrongRoot[0] ^= 1;
        TiledLog fresh = new TiledLog(h, storage);
        assertThatThrownBy(() -> fresh.append(new LogState(300, wrongRoot), List.of(new byte[1])))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("root");
        assertThatThrownBy(() -> fresh.append(new LogState(301, state.rootHash()), List.of(new byte[1])))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tile/0/001.p/45");
        assertThatThrownBy(() -> fresh.append(new LogState(300, new byte[20]), List.of(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        // A damaged partial bundle is not extended, even though its leaf hashes are fine.
        byte[] bundle = TestLogs.read(storage, "tile/entries/001.p/44");
        bundle[bundle.length - 1] ^= 1;
        storage.write("tile/entries/001.p/44", bundle);
        assertThatThrownBy(() -> fresh.append(state, List.of(new byte[1])))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tile/entries/001.p/44")
                .hasMessageContaining("entry 299");
    }

    @Test
    void proofsNameTheMissingOrShortTile() throws IOException {
        HashFunction h = HashFunction.SHA256;
        MemoryTileStorage storage = new MemoryTileStorage();
        new TiledLog(h, storage).append(LogState.empty(h), TestLogs.entries(1_000, 2));
        TileProofs proofs = new TileProofs(h, storage);
        storage.delete("tile/0/001");
        assertThatThrownBy(() -> proofs.inclusionProof(300, 1_000))
                .isInstanceOf(IOException.class).hasMessageContaining("tile/0/001 is missing");
        storage.write("tile/0/002", new byte[100]);
        assertThatThrownBy(() -> proofs.leafHash(600, 1_000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tile/0/002 has 100 bytes, expected 8192");
        storage.delete("tile/entries/003.p/232");
        assertThatThrownBy(() -> proofs.entry(999, 1_000))
                .isInstanceOf(IOException.class).hasMessageContaining("tile/entries/003.p/232 is missing")
                .hasMessageContaining("tile/entries/003");
        storage.write("tile/entries/000", new byte[] {0, 5, 1});
        assertThatThrownBy(() -> proofs.entry(0, 1_000))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tile/entries/000 is not a valid entry bundle");
        assertThatThrownBy(() -> proofs.inclusionProof(1_000, 1_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proofs.consistencyProof(0, 1_000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(proofs.consistencyProof(1_000, 1_000)).isEmpty();
        assertThat(proofs.rootHash(0)).isEqualTo(h.hash());
    }

    /** Appending one entry at a time keeps at most one partial object per level around. */
    @Test
    void supersededPartialsAreDeleted() throws IOException {
        HashFunction h = HashFunction.SM3;
        MemoryTileStorage storage = new MemoryTileStorage();
        TiledLog log = new TiledLog(h, storage);
        LogState state = LogState.empty(h);
        for (byte[] entry : TestLogs.entries(600, 4)) {
            state = log.append(state, List.of(entry));
        }
        assertThat(storage.paths().stream().filter(p -> p.startsWith("tile/0/002.p/"))).hasSize(600 - 512);
        assertThat(storage.paths().stream()
                        .filter(p -> p.startsWith("tile/0/000.p/") || p.startsWith("tile/entries/001.p/")))
                .isEmpty();
        assertThat(TreeAudit.audit(h, storage, 600, state.rootHash()).ok()).isTrue();
    }

    // --- helpers ---

    private static List<LogState> sample(List<LogState> states, int count, Random random) {
        List<LogState> picked = new ArrayList<>(List.of(states.get(states.size() - 1)));
        for (int i = 1; i < count && i < states.size(); i++) {
            picked.add(states.get(random.nextInt(states.size())));
        }
        return picked;
    }

    private static void assertSameProof(List<byte[]> actual, List<byte[]> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("proof element %d", i).isEqualTo(expected.get(i));
        }
    }

    private static void assertVerifies(
            HashFunction h, int index, LogState state, List<byte[]> leaves, List<byte[]> proof) {
        assertThatCode(() -> MerkleVerifier.verifyInclusion(
                        h, index, state.size(), leaves.get(index), proof, state.rootHash()))
                .doesNotThrowAnyException();
    }

    interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T call(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Real storage that fails on its n-th write (0-based), as a crash or full disk would. */
    private static final class FailingStorage implements TileStorage {
        private final TileStorage delegate;
        int failAt;
        int writes;

        FailingStorage(TileStorage delegate, int failAt) {
            this.delegate = delegate;
            this.failAt = failAt;
        }

        @Override
        public Optional<byte[]> read(String path) throws IOException {
            return delegate.read(path);
        }

        @Override
        public void write(String path, byte[] data) throws IOException {
            if (writes++ == failAt) {
                throw new IOException("disk full writing " + path);
            }
            delegate.write(path, data);
        }

        @Override
        public void delete(String path) throws IOException {
            delegate.delete(path);
        }
    }
}
