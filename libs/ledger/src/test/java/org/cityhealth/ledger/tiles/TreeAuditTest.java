package org.cityhealth.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.cityhealth.ledger.HashFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeAuditTest {

    private static final HashFunction H = HashFunction.SHA256;
    private static final int SIZE = 70_000;
    private static MemoryTileStorage big;
    private static LogState bigState;

    @BeforeAll
    static void buildBigLog() {
        big = new MemoryTileStorage();
        List<byte[]> entries = TestLogs.entries(SIZE, 21);
        bigState = TestLogs.appendAll(
                        new TiledLog(H, big), LogState.empty(H), entries, TestLogs.batches(SIZE, 21))
                .getLast();
    }

    @Test
    void intactLogPasses() {
        assertThat(TreeAudit.audit(H, big, SIZE, bigState.rootHash())).isEqualTo(AuditReport.passed());
        assertThat(TreeAudit.audit(H, new MemoryTileStorage(), 0, H.hash())).isEqualTo(AuditReport.passed());
    }

    /** Entries under full and partial tiles at every level, the first and the last one. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1_000, 65_535, 66_000, 69_999})
    void changedEntryByte(long index) {
        MemoryTileStorage storage = TestLogs.copy(big);
        String path = TileRef.inTree(TileRef.ENTRIES_LEVEL, index / 256, SIZE).path();
        byte[] bundle = TestLogs.read(storage, path);
        int offset = offsetOfEntry(bundle, (int) (index % 256));
        // A body byte, or for an empty entry its length, which changes the entry just as well.
        boolean empty = bundle[offset] == 0 && bundle[offset + 1] == 0;
        bundle[empty ? offset + 1 : offset + 2] ^= 0x01;
        storage.write(path, bundle);
        AuditReport report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadIndex()).isEqualTo(index);
        assertThat(report.problem())
                .contains("is not the leaf hash of entry " + index + " in " + path)
                .contains("recomputed root differs");
    }

    @Test
    void changedByteInEachTileLevel() {
        // Level 0, full tile 5, hash 3: entry 5*256+3.
        assertTileFlip("tile/0/005", 3 * 32 + 31, 5 * 256 + 3);
        // Level 1, full tile 0, hash 17: entries 17*256 .. 17*256+255.
        assertTileFlip("tile/1/000", 17 * 32, 17 * 256);
        // Level 1 partial tile of this size (70,000 = 256^2 + 17*256 + 112): hash 16 covers 256 entries.
        assertTileFlip("tile/1/001.p/17", 16 * 32 + 5, 65_536 + 16 * 256);
        // Level 2 partial tile of width 1: its only hash covers entries 0..65535.
        assertTileFlip("tile/2/000.p/1", 0, 0);
        // Level 0 partial tile: the last entry.
        assertTileFlip("tile/0/273.p/112", 111 * 32, SIZE - 1);
    }

    private static void assertTileFlip(String path, int offset, long expectedIndex) {
        MemoryTileStorage storage = TestLogs.copy(big);
        byte[] tile = TestLogs.read(storage, path);
        tile[offset] ^= 1;
        storage.write(path, tile);
        AuditReport report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadIndex()).as(path).isEqualTo(expectedIndex);
        assertThat(report.problem()).contains(path).contains("the stored tiles are what is wrong");
    }

    @Test
    void truncatedAndMissingObjects() {
        MemoryTileStorage storage = TestLogs.copy(big);
        storage.write("tile/0/010", Arrays.copyOf(TestLogs.read(storage, "tile/0/010"), 100));
        AuditReport report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.firstBadIndex()).isEqualTo(10 * 256 + 3);
        assertThat(report.problem()).contains("tile/0/010 is truncated: 100 bytes, expected 8192");

        storage = TestLogs.copy(big);
        storage.delete("tile/1/000");
        report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.firstBadIndex()).isZero();
        assertThat(report.problem()).contains("tile/1/000 is missing");

        storage = TestLogs.copy(big);
        byte[] bundle = TestLogs.read(storage, "tile/entries/100");
        int cut = offsetOfEntry(bundle, 40) + 1;
        storage.write("tile/entries/100", Arrays.copyOf(bundle, cut));
        report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.firstBadIndex()).isEqualTo(100 * 256 + 40);
        assertThat(report.problem()).contains("tile/entries/100 is not a valid entry bundle")
                .contains("entry 25640").contains("stopped at tile/entries/100");

        storage = TestLogs.copy(big);
        storage.delete("tile/entries/200");
        report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.firstBadIndex()).isEqualTo(200 * 256);
        assertThat(report.problem()).contains("tile/entries/200 is missing");

        storage = TestLogs.copy(big);
        byte[] original = TestLogs.read(storage, "tile/entries/003");
        storage.write("tile/entries/003", Arrays.copyOf(original, original.length + 1));
        report = TreeAudit.audit(H, storage, SIZE, bigState.rootHash());
        assertThat(report.firstBadIndex()).isEqualTo(3 * 256 + 255);
        assertThat(report.problem()).contains("1 unexpected bytes after its 256 entries");
    }

    @Test
    void wrongRootAlone() {
        byte[] root = bigState.rootHash();
        root[31] ^= (byte) 0x80;
        AuditReport report = TreeAudit.audit(H, big, SIZE, root);
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadIndex()).isEqualTo(-1);
        assertThat(report.problem()).contains("root").contains(Tiles.hex(bigState.rootHash()));
    }

    /** Sizes published before are still auditable, partial tiles pruned or not. */
    @Test
    void olderSizes() {
        MemoryTileStorage storage = new MemoryTileStorage();
        TiledLog log = new TiledLog(H, storage);
        List<byte[]> entries = TestLogs.entries(1_000, 8);
        List<LogState> states =
                TestLogs.appendAll(log, LogState.empty(H), entries, TestLogs.batches(1_000, 8));
        for (LogState state : states) {
            assertThat(TreeAudit.audit(H, storage, state.size(), state.rootHash()).ok())
                    .as("size %d", state.size())
                    .isTrue();
        }
    }

    /**
     * Any single-bit change anywhere in any stored object is caught and located exactly: in a
     * hash tile at the first entry its hash covers, in a bundle at the entry the byte belongs to.
     */
    @Test
    void anyBitFlipIsLocated() {
        qt().withExamples(150)
                .forAll(integers().between(1, 1_500), longs().all(), integers().allPositive(),
                        integers().allPositive())
                .checkAssert((n, seed, pickPath, pickByte) -> {
                    MemoryTileStorage storage = new MemoryTileStorage();
                    LogState state = TestLogs.append(
                            new TiledLog(H, storage), LogState.empty(H), TestLogs.entries(n, seed));
                    List<String> paths = List.copyOf(storage.paths());
                    String path = paths.get(pickPath % paths.size());
                    byte[] data = TestLogs.read(storage, path);
                    if (data.length == 0) {
                        return;
                    }
                    int offset = pickByte % data.length;
                    data[offset] ^= (byte) (1 << (pickByte / 7 % 8));
                    storage.write(path, data);

                    TileRef ref = TileRef.parse(path);
                    long expected = ref.isEntries()
                            ? Tiles.firstEntry(
                                    0, ref.index(), entryAt(original(data, offset, pickByte), offset))
                            : Tiles.firstEntry(ref.level(), ref.index(), offset / H.size());
                    AuditReport report = TreeAudit.audit(H, storage, n, state.rootHash());
                    assertThat(report.ok()).isFalse();
                    assertThat(report.firstBadIndex()).as("%s byte %d", path, offset).isEqualTo(expected);
                    assertThat(report.problem()).contains(path);
                });
    }

    /** Undoes the flip, to find entry boundaries in the bundle as written. */
    private static byte[] original(byte[] flipped, int offset, int pickByte) {
        byte[] copy = flipped.clone();
        copy[offset] ^= (byte) (1 << (pickByte / 7 % 8));
        return copy;
    }

    /** Index within the bundle of the entry whose prefix or body holds byte {@code offset}. */
    private static int entryAt(byte[] bundle, int offset) {
        int at = 0;
        for (int entry = 0; ; entry++) {
            int length = ((bundle[at] & 0xFF) << 8) | (bundle[at + 1] & 0xFF);
            if (offset < at + 2 + length) {
                return entry;
            }
            at += 2 + length;
        }
    }

    private static int offsetOfEntry(byte[] bundle, int entry) {
        int at = 0;
        for (int i = 0; i < entry; i++) {
            at += 2 + (((bundle[at] & 0xFF) << 8) | (bundle[at + 1] & 0xFF));
        }
        return at;
    }

    /** A storage whose reads fail is reported, not thrown. */
    @Test
    void unreadableStorageIsAProblem() {
        TileStorage broken = new TileStorage() {
            @Override
            public Optional<byte[]> read(String path) throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public void write(String path, byte[] data) {
                throw new AssertionError("an audit only reads, yet it wrote " + path);
            }
        };
        AuditReport report = TreeAudit.audit(H, broken, 10, bigState.rootHash());
        assertThat(report.ok()).isFalse();
        assertThat(report.firstBadIndex()).isZero();
        assertThat(report.problem()).contains("could not read tile/entries/000.p/10: connection reset");
    }
}
