package org.cityhealth.ledger.tiles;

import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;

/**
 * The right edge of a Merkle tree grown one leaf at a time, in O(1) amortised hashes per leaf
 * and bounded memory: the hashes of its perfect subtrees (one per set bit of the size, a
 * "compact range") plus the unfinished tile at every level. Used by the writer and by the
 * auditor, which recomputes a whole tree through it without holding the tree.
 *
 * <p>Every perfect subtree of 256^L leaves that the growth completes is a level-L tile hash; a
 * level fills up when a subtree of 256^(L+1) leaves completes, and is then handed to the sink.
 */
final class TreeEdge {

    /**
     * Receives each tile as it becomes full. The array is reused afterwards: copy to keep it.
     *
     * @param <X> what the sink may throw: the writer's I/O, nothing checked for the auditor
     */
    @FunctionalInterface
    interface FullTileSink<X extends Exception> {
        void fullTile(int level, long index, byte[] hashes) throws X;
    }

    private final MerkleHasher hasher;
    private final int hashSize;
    private long size;
    /** peaks[h]: root of the perfect subtree of 2^h leaves present iff bit h of size is set. */
    private final byte[][] peaks = new byte[Long.SIZE][];
    /** tiles[L]: the first widths[L] hashes of the unfinished tile at level L. */
    private final byte[][] tiles = new byte[Tiles.LEVELS][];
    private final int[] widths = new int[Tiles.LEVELS];

    private TreeEdge(HashFunction hashFunction) {
        this.hasher = new MerkleHasher(hashFunction);
        this.hashSize = hashFunction.size();
    }

    static TreeEdge empty(HashFunction hashFunction) {
        return new TreeEdge(hashFunction);
    }

    /**
     * The edge of a tree of {@code size} leaves from its partial tiles.
     *
     * @param partialTiles per level, the partial tile's hashes for that size (null where the
     *     level has no partial tile); lengths must already be checked
     */
    static TreeEdge fromPartialTiles(HashFunction hashFunction, long size, byte[][] partialTiles) {
        TreeEdge edge = new TreeEdge(hashFunction);
        edge.size = size;
        for (int level = 0; level < Tiles.LEVELS; level++) {
            int width = Tiles.partialWidth(level, size);
            if (width == 0) {
                continue;
            }
            edge.tile(level);
            System.arraycopy(partialTiles[level], 0, edge.tiles[level], 0, width * edge.hashSize);
            edge.widths[level] = width;
            // The tile's hashes split into perfect subtrees by the bits of its width, largest
            // (leftmost) first; each is one peak of the compact range.
            int from = 0;
            for (int bit = Tiles.HEIGHT - 1; bit >= 0; bit--) {
                if ((width & (1 << bit)) != 0) {
                    edge.peaks[Tiles.HEIGHT * level + bit] =
                            Tiles.perfectHash(edge.hasher, edge.tiles[level], from, 1 << bit);
                    from += 1 << bit;
                }
            }
        }
        return edge;
    }

    long size() {
        return size;
    }

    /** Width of the unfinished tile at {@code level} (0..255). */
    int width(int level) {
        return widths[level];
    }

    /** Index of the unfinished tile at {@code level}. */
    long tileIndex(int level) {
        return Tiles.fullTiles(level, size);
    }

    /** A copy of the unfinished tile's hashes at {@code level}. */
    byte[] partialTile(int level) {
        byte[] copy = new byte[widths[level] * hashSize];
        if (copy.length > 0) {
            System.arraycopy(tiles[level], 0, copy, 0, copy.length);
        }
        return copy;
    }

    /**
     * Appends a leaf.
     *
     * @throws X from the sink
     */
    <X extends Exception> void addLeaf(byte[] leafHash, FullTileSink<X> sink) throws X {
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full at 2^63-1 entries");
        }
        push(0, leafHash);
        byte[] carry = leafHash;
        int height = 0;
        while ((size & (1L << height)) != 0) {
            carry = hasher.nodeHash(peaks[height], carry);
            peaks[height] = null;
            height++;
            if (height % Tiles.HEIGHT == 0) {
                int level = height / Tiles.HEIGHT;
                // A subtree of 256^level leaves just completed: the tile one level down is full,
                // and this subtree's hash is the next hash of `level`.
                sink.fullTile(level - 1, Tiles.fullTiles(level - 1, size + 1) - 1, tiles[level - 1]);
                widths[level - 1] = 0;
                push(level, carry);
            }
        }
        peaks[height] = carry;
        size++;
    }

    /** RFC 9162 root of the tree so far. */
    byte[] root() {
        byte[] root = null;
        for (byte[] peak : peaks) {
            if (peak != null) {
                root = root == null ? peak : hasher.nodeHash(peak, root);
            }
        }
        return root == null ? hasher.emptyRoot() : root.clone();
    }

    private void push(int level, byte[] hash) {
        System.arraycopy(hash, 0, tile(level), widths[level] * hashSize, hashSize);
        widths[level]++;
    }

    private byte[] tile(int level) {
        if (tiles[level] == null) {
            tiles[level] = new byte[Tiles.WIDTH * hashSize];
        }
        return tiles[level];
    }
}
