package org.cityhealth.ledger.tiles;

import java.util.HexFormat;
import org.cityhealth.ledger.MerkleHasher;

/** Tile geometry (height 8, 256 hashes per full tile) and the hashing done inside one tile. */
final class Tiles {

    static final int HEIGHT = 8;
    static final int WIDTH = 1 << HEIGHT;

    /**
     * Levels a tree of fewer than 2^63 entries can use: level 7 tiles hold hashes of 2^56 leaves,
     * and there are at most 2^7 of them. The path syntax allows levels up to 63, but no tree we
     * can address with a {@code long} reaches them.
     */
    static final int LEVELS = 8;

    private Tiles() {}

    /** {@code value >>> bits}, but 0 for shifts of 64 or more (Java would shift by bits % 64). */
    static long shiftRight(long value, int bits) {
        return bits >= Long.SIZE ? 0 : value >>> bits;
    }

    /** Number of full tiles at {@code level} in a tree of {@code treeSize} entries. */
    static long fullTiles(int level, long treeSize) {
        return shiftRight(treeSize, HEIGHT * (level + 1));
    }

    /** Width of the partial tile at {@code level} for {@code treeSize}; 0 when there is none. */
    static int partialWidth(int level, long treeSize) {
        return (int) (shiftRight(treeSize, HEIGHT * level) & (WIDTH - 1));
    }

    /**
     * First entry index covered by hash {@code position} of tile {@code tileIndex} at {@code
     * level} (entry bundles use level 0 geometry). Callers only ask for hashes inside a tree of
     * at most 2^63-1 entries, so the shifts cannot overflow.
     */
    static long firstEntry(int level, long tileIndex, int position) {
        return ((tileIndex << HEIGHT) + position) << (HEIGHT * Math.max(level, 0));
    }

    /**
     * MTH of {@code count} (a power of two) consecutive hashes starting at hash {@code from} of a
     * tile's bytes: the part of the tree that a tile stores only implicitly.
     */
    static byte[] perfectHash(MerkleHasher hasher, byte[] tile, int from, int count) {
        int hashSize = hasher.hashFunction().size();
        if (count == 1) {
            byte[] hash = new byte[hashSize];
            System.arraycopy(tile, from * hashSize, hash, 0, hashSize);
            return hash;
        }
        int half = count >>> 1;
        return hasher.nodeHash(
                perfectHash(hasher, tile, from, half), perfectHash(hasher, tile, from + half, half));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
