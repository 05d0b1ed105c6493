package org.cityhealth.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TileRefTest {

    /** The examples of c2sp.org/tlog-tiles ("index 1234067 will be encoded as x001/x234/067"). */
    @Test
    void specExamples() {
        assertThat(TileRef.tilePath(0, 1234067, 256)).isEqualTo("tile/0/x001/x234/067");
        assertThat(TileRef.tilePath(0, 1234067, 5)).isEqualTo("tile/0/x001/x234/067.p/5");
        assertThat(TileRef.entriesPath(1234067, 256)).isEqualTo("tile/entries/x001/x234/067");
        assertThat(TileRef.parse("tile/0/x001/x234/067")).isEqualTo(new TileRef(0, 1234067, 256));
        assertThat(TileRef.tilePath(0, 1234, 5)).isEqualTo("tile/0/x001/234.p/5");
        assertThat(TileRef.entriesPath(0, 256)).isEqualTo("tile/entries/000");
    }

    /**
     * Path vectors from transparency-dev/trillian-tessera, api/layout/paths_test.go
     * (TestEntriesPath and TestTilePath; Apache-2.0): level, N, width, expected path.
     */
    @ParameterizedTest
    @CsvSource({
        "-1, 0, 256, tile/entries/000",
        "-1, 0, 8, tile/entries/000.p/8",
        "-1, 255, 256, tile/entries/255",
        "-1, 255, 253, tile/entries/255.p/253",
        "-1, 256, 256, tile/entries/256",
        "-1, 123456789000, 256, tile/entries/x123/x456/x789/000",
        "-1, 123456789, 256, tile/entries/x123/x456/789",
        "-1, 1, 1, tile/entries/001.p/1",
        "-1, 0, 255, tile/entries/000.p/255",
        "0, 0, 256, tile/0/000",
        "0, 0, 255, tile/0/000.p/255",
        "1, 0, 256, tile/1/000",
        "1, 0, 1, tile/1/000.p/1",
        "1, 0, 4, tile/1/000.p/4",
        "15, 455667, 256, tile/15/x455/667",
        "3, 1234567, 256, tile/3/x001/x234/567",
        "15, 123456789, 256, tile/15/x123/x456/789",
    })
    void tesseraPathVectors(int level, long index, int width, String path) {
        TileRef ref = new TileRef(level, index, width);
        assertThat(ref.path()).isEqualTo(path);
        assertThat(TileRef.parse(path)).isEqualTo(ref);
    }

    /**
     * transparency-dev/trillian-tessera, api/layout/paths_test.go, TestEntriesPathForLogIndex and
     * TestTilePath: the tile or bundle holding an index in a log of a given size.
     */
    @ParameterizedTest
    @CsvSource({
        "-1, 0, 256, tile/entries/000",
        "-1, 0, 255, tile/entries/000.p/255",
        "-1, 1, 512, tile/entries/001",
        "-1, 1, 257, tile/entries/001.p/1",
        "-1, 123456789, 31604938240, tile/entries/x123/x456/789",
        "0, 0, 256, tile/0/000",
        "0, 0, 255, tile/0/000.p/255",
        "1, 0, 9223372036854775807, tile/1/000",
        "1, 0, 256, tile/1/000.p/1",
        "1, 0, 1024, tile/1/000.p/4",
    })
    void tileInTreeOfSize(int level, long index, long treeSize, String path) {
        assertThat(TileRef.inTree(level, index, treeSize).path()).isEqualTo(path);
    }

    /** Parse vectors from tessera's TestParseTileLevelIndexWidth (path rebuilt from its parts). */
    @Test
    void tesseraParseVectors() {
        assertThat(TileRef.parse("tile/0/x001/x234/067.p/89")).isEqualTo(new TileRef(0, 1234067, 89));
        assertThat(TileRef.parse("tile/63/x999/x999/x999/x999/x999/999.p/255"))
                .isEqualTo(new TileRef(63, 999_999_999_999_999_999L, 255));
        assertThat(TileRef.parse("tile/0/001")).isEqualTo(new TileRef(0, 1, 256));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // tessera's rejected cases
        "tile/0/x001/x234/067.p/", "tile/0/x001/x234/067.p", "tile/0/x001/x234/", "tile/0/x001/x234",
        "tile/0/x001/", "tile/0/x001", "tile/1/x001/.p/abc", "tile/64/x001/002", "tile/-1/x001/002",
        "tile/abc/x001/002", "tile/8/001/002", "tile/8/x001/0002", "tile/8/x001/-002",
        "tile/8/x001/002.p/256",
        // ours: non-canonical numbers, wrong widths, other shapes
        "tile/0/x000/001", "tile/00/001", "tile/01/001", "tile/0/001.p/0", "tile/0/001.p/05",
        "tile/0/001.p/256",
        "tile/entries/001.p/0", "tile/entries/x000/001", "tile/Entries/001", "tile/data/001", "tile/0/01",
        "tile/0/1", "tile/0/0001", "/tile/0/001", "tile/0/001/", "tile//001", "tile/0//001", "tile/0/001\n",
        "tile/0/001.p/1/", "tile/0/x001", "tile/0/X001/002", "tiles/0/001", "tile/0", "tile", "",
        "tile/0/x009/x223/x372/x036/x854/x775/808", "tile/0/x099/x999/x999/x999/x999/x999/x999/999",
        "tile/8/x001/002.p/1.p/2", "tile/0/001.p/+5", "tile/0/+01", "tile/0/٠٠١",
    })
    void rejectsEverythingElse(String path) {
        assertThatThrownBy(() -> TileRef.parse(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largestIndexRoundTrips() {
        TileRef ref = new TileRef(TileRef.ENTRIES_LEVEL, Long.MAX_VALUE, 255);
        assertThat(ref.path()).isEqualTo("tile/entries/x009/x223/x372/x036/x854/x775/807.p/255");
        assertThat(TileRef.parse(ref.path())).isEqualTo(ref);
    }

    @Test
    void constructorChecksRanges() {
        assertThatThrownBy(() -> new TileRef(-2, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TileRef(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TileRef(0, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TileRef(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TileRef(0, 0, 257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRef.tilePath(-1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRef.entriesPath(-1, 256)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The spec's example: "a tree of size 70,000 will be represented by 273 full level 0 tiles,
     * one partial level 0 tile of width 112, one full level 1 tile, one partial level 1 tile of
     * width 17, and one partial level 2 tile of width 1", and a tree of size 256 by "a full level
     * 0 tile and a partial level 1 tile of width 1".
     */
    @Test
    void specTreeShapes() {
        assertThat(TileRef.inTree(0, 272, 70_000).path()).isEqualTo("tile/0/272");
        assertThat(TileRef.inTree(0, 273, 70_000).path()).isEqualTo("tile/0/273.p/112");
        assertThat(TileRef.inTree(1, 0, 70_000).path()).isEqualTo("tile/1/000");
        assertThat(TileRef.inTree(1, 1, 70_000).path()).isEqualTo("tile/1/001.p/17");
        assertThat(TileRef.inTree(2, 0, 70_000).path()).isEqualTo("tile/2/000.p/1");
        assertThatThrownBy(() -> TileRef.inTree(0, 274, 70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRef.inTree(3, 0, 70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThat(TileRef.inTree(0, 0, 256).path()).isEqualTo("tile/0/000");
        assertThat(TileRef.inTree(1, 0, 256).path()).isEqualTo("tile/1/000.p/1");
        assertThatThrownBy(() -> TileRef.inTree(0, 1, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRef.inTree(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Trees up to 2^63-1: the top level is 7, and no shift wraps around. */
    @Test
    void hugeTrees() {
        long size = (1L << 40) + 3;
        assertThat(TileRef.inTree(5, 0, size).path()).isEqualTo("tile/5/000.p/1");
        assertThat(TileRef.inTree(4, 0, size)).isEqualTo(new TileRef(4, 0, 256));
        assertThat(TileRef.inTree(0, (1L << 32), size)).isEqualTo(new TileRef(0, 1L << 32, 3));
        assertThat(TileRef.inTree(7, 0, Long.MAX_VALUE)).isEqualTo(new TileRef(7, 0, 127));
        assertThat(TileRef.inTree(6, 127, Long.MAX_VALUE)).isEqualTo(new TileRef(6, 127, 255));
        assertThatThrownBy(() -> TileRef.inTree(8, 0, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TileRef.inTree(63, 0, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatThenParseIsIdentity() {
        qt().withExamples(2000)
                .forAll(integers().between(-1, 63), longs().between(0, Long.MAX_VALUE),
                        integers().between(1, 256))
                .checkAssert((level, index, width) -> {
                    TileRef ref = new TileRef(level, index, width);
                    assertThat(TileRef.parse(ref.path())).isEqualTo(ref);
                });
    }

    /**
     * One name per resource: any string either fails with IllegalArgumentException or parses to
     * a tile whose path is that very string. Checked on mutations of valid paths (the likely
     * near-misses) and on arbitrary strings.
     */
    @Test
    void parseAcceptsOnlyCanonicalPaths() {
        String alphabet = "tile/entrx.p0123456789";
        qt().withExamples(3000)
                .forAll(integers().between(-1, 63), longs().between(0, 1L << 40), integers().between(1, 256),
                        longs().all())
                .checkAssert((level, index, width, seed) -> {
                    Random random = new Random(seed);
                    StringBuilder path = new StringBuilder(new TileRef(level, index, width).path());
                    int at = random.nextInt(path.length());
                    char c = alphabet.charAt(random.nextInt(alphabet.length()));
                    switch (random.nextInt(3)) {
                        case 0 -> path.setCharAt(at, c);
                        case 1 -> path.insert(at, c);
                        default -> path.deleteCharAt(at);
                    }
                    assertCanonicalOrRejected(path.toString());
                });
        qt().withExamples(3000)
                .forAll(strings().allPossible().ofLengthBetween(0, 70))
                .checkAssert(TileRefTest::assertCanonicalOrRejected);
    }

    private static void assertCanonicalOrRejected(String path) {
        TileRef parsed;
        try {
            parsed = TileRef.parse(path);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertThat(parsed.path()).isEqualTo(path);
    }
}
