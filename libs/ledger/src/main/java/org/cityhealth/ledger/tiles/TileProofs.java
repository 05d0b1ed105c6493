package org.cityhealth.ledger.tiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;

/**
 * Root hashes, RFC 9162 inclusion and consistency proofs, and entries, computed from a tiled log's
 * stored tiles, for any tree size the tiles cover.
 *
 * <p>A tile stores only the bottom row of its 8-level subtree; the hash of any perfect subtree is
 * one stored hash or recomputed from at most 128 hashes of one tile, and every proof needs
 * O(log n) of them. The results are byte-identical to {@link MerkleHasher}'s over the same
 * entries and verify with {@code MerkleVerifier}.
 *
 * <p>Nothing read is trusted or checked against a root here: a caller verifying a log checks the
 * proofs against a signed checkpoint, which catches any wrong tile. Stateless and thread-safe;
 * tiles are read afresh for every call (a partial tile pruned meanwhile is read from its full
 * tile).
 */
public final class TileProofs {

    private final MerkleHasher hasher;
    private final TileReader reader;

    public TileProofs(HashFunction hashFunction, TileStorage storage) {
        this.hasher = new MerkleHasher(Objects.requireNonNull(hashFunction, "hashFunction is null"));
        this.reader = new TileReader(Objects.requireNonNull(storage, "storage is null"), hashFunction.size());
    }

    /**
     * MTH of the first {@code treeSize} entries; {@code H()} for 0.
     *
     * @throws IllegalArgumentException if {@code treeSize} is negative
     * @throws IOException if a needed tile is missing or malformed, naming its path
     */
    public byte[] rootHash(long treeSize) throws IOException {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        return treeSize == 0 ? hasher.emptyRoot() : new Reads(treeSize).hash(0, treeSize);
    }

    /**
     * Inclusion proof for entry {@code index} in the tree of {@code treeSize}: sibling hashes,
     * lowest level first (RFC 9162 §2.1.3.1).
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < treeSize}
     * @throws IOException if a needed tile is missing or malformed, naming its path
     */
    public List<byte[]> inclusionProof(long index, long treeSize) throws IOException {
        requireEntry(index, treeSize);
        List<byte[]> proof = new ArrayList<>();
        new Reads(treeSize).path(index, 0, treeSize, proof);
        return proof;
    }

    /**
     * Consistency proof from the tree of {@code oldSize} to the tree of {@code newSize} (RFC 9162
     * §2.1.4.1); empty when the sizes are equal.
     *
     * @throws IllegalArgumentException unless {@code 0 < oldSize <= newSize}: like
     *     {@link MerkleHasher#consistencyProof}, there is no proof from the empty tree
     * @throws IOException if a needed tile is missing or malformed, naming its path
     */
    public List<byte[]> consistencyProof(long oldSize, long newSize) throws IOException {
        if (oldSize <= 0 || oldSize > newSize) {
            throw new IllegalArgumentException(
                    "consistency needs 0 < oldSize <= newSize, got " + oldSize + " and " + newSize);
        }
        List<byte[]> proof = new ArrayList<>();
        if (oldSize < newSize) {
            new Reads(newSize).subproof(oldSize, 0, newSize, true, proof);
        }
        return proof;
    }

    /**
     * Entry {@code index} as stored in its bundle for the tree of {@code treeSize} (the partial
     * bundle of that size when the entry is in the last, unfinished bundle).
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < treeSize}
     * @throws IOException if the bundle is missing or malformed, naming its path
     */
    public byte[] entry(long index, long treeSize) throws IOException {
        requireEntry(index, treeSize);
        TileRef bundle = TileRef.inTree(TileRef.ENTRIES_LEVEL, index >>> Tiles.HEIGHT, treeSize);
        return reader.entries(bundle).get((int) (index & (Tiles.WIDTH - 1)));
    }

    /**
     * The leaf hash of entry {@code index} as stored in its level-0 tile.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < treeSize}
     * @throws IOException if the tile is missing or malformed, naming its path
     */
    public byte[] leafHash(long index, long treeSize) throws IOException {
        requireEntry(index, treeSize);
        return new Reads(treeSize).perfect(index, 0);
    }

    private static void requireEntry(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException("entry " + index + " is outside a tree of size " + treeSize);
        }
    }

    /** The tile reads of one call, each tile read once, all for the same tree size. */
    private final class Reads {
        private final long treeSize;
        private final Map<TileRef, byte[]> tiles = new HashMap<>();

        Reads(long treeSize) {
            this.treeSize = treeSize;
        }

        /** MTH(D[from:to]); ranges produced by the RFC recursions are aligned to their split. */
        byte[] hash(long from, long to) throws IOException {
            long n = to - from;
            if (Long.bitCount(n) == 1 && from % n == 0) {
                return perfect(from, Long.numberOfTrailingZeros(n));
            }
            long k = Long.highestOneBit(n - 1);
            return hasher.nodeHash(hash(from, from + k), hash(from + k, to));
        }

        /** Hash of the perfect subtree of 2^height leaves starting at {@code from}. */
        byte[] perfect(long from, int height) throws IOException {
            int level = height / Tiles.HEIGHT;
            long position = from >>> (Tiles.HEIGHT * level);
            TileRef ref = TileRef.inTree(level, position >>> Tiles.HEIGHT, treeSize);
            byte[] tile = tiles.get(ref);
            if (tile == null) {
                tile = reader.hashes(ref);
                tiles.put(ref, tile);
            }
            return Tiles.perfectHash(
                    hasher, tile, (int) (position & (Tiles.WIDTH - 1)), 1 << (height % Tiles.HEIGHT));
        }

        /** PATH(m, D[from:to]), m relative to from (RFC 9162 §2.1.3.1). */
        void path(long m, long from, long to, List<byte[]> out) throws IOException {
            long n = to - from;
            if (n == 1) {
                return;
            }
            long k = Long.highestOneBit(n - 1);
            if (m < k) {
                path(m, from, from + k, out);
                out.add(hash(from + k, to));
            } else {
                path(m - k, from + k, to, out);
                out.add(hash(from, from + k));
            }
        }

        /** SUBPROOF(m, D[from:to], complete) (RFC 9162 §2.1.4.1). */
        void subproof(long m, long from, long to, boolean complete, List<byte[]> out) throws IOException {
            long n = to - from;
            if (m == n) {
                if (!complete) {
                    out.add(hash(from, to));
                }
                return;
            }
            long k = Long.highestOneBit(n - 1);
            if (m <= k) {
                subproof(m, from, from + k, complete, out);
                out.add(hash(from + k, to));
            } else {
                subproof(m - k, from + k, to, false, out);
                out.add(hash(from, from + k));
            }
        }
    }
}
