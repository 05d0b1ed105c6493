package org.cityhealth.ledger.tiles;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;

/**
 * Appends batches of entries to a C2SP tlog-tiles log kept in a {@link TileStorage}.
 *
 * <p>Each {@link #append} writes, before returning, every entry bundle and hash tile (full and
 * partial, at every level) the new size needs; the caller then signs and publishes the
 * checkpoint for the returned state. That order is what makes a crash harmless: tiles for a size
 * nobody has seen are never served as part of a checkpoint, and appending the same batch again
 * from the last published state rewrites identical bytes.
 *
 * <p>The right edge of the tree (partial tiles and bundle, perfect-subtree hashes) stays in
 * memory between calls, so an append costs about two hashes per entry plus the writes. It is
 * reloaded from storage, and checked against the caller's root, whenever the caller's state is
 * not the one this instance produced last (first call, another writer, a retry after a failure).
 *
 * <p>Once a full tile or bundle is written, the partial ones this instance wrote for it are
 * deleted ({@link TileStorage#delete}); the spec allows it and readers fall back to the full one.
 *
 * <p>Thread-safe; appends are serialised. Two instances (or processes) must not append to the
 * same storage concurrently: the caller owns sequencing, as it owns the checkpoint.
 */
public final class TiledLog {

    private static final int SLOTS = Tiles.LEVELS + 1; // entry bundles, then hash levels 0..7
    private static final int ENTRIES_SLOT = 0;

    private final HashFunction hashFunction;
    private final MerkleHasher hasher;
    private final TileStorage storage;
    private final TileReader reader;
    private Edge cached;

    public TiledLog(HashFunction hashFunction, TileStorage storage) {
        this.hashFunction = Objects.requireNonNull(hashFunction, "hashFunction is null");
        this.hasher = new MerkleHasher(hashFunction);
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.reader = new TileReader(storage, hashFunction.size());
    }

    /**
     * Appends {@code entries} after the tree described by {@code current}.
     *
     * @param current the state of the log as last published (or returned by this method); for a
     *     new log {@link LogState#empty}
     * @param entries the batch, in order; each at most 65,535 bytes (the bundle's uint16 length
     *     prefix). An empty batch returns {@code current} without touching storage.
     * @return the new size and root
     * @throws IllegalArgumentException if an entry is too large or {@code current}'s root has the
     *     wrong length; nothing is written then
     * @throws IOException if storage fails, or what it holds does not produce {@code current}'s
     *     root (wrong storage, or a state from another log); the message names the path
     */
    public synchronized LogState append(LogState current, List<byte[]> entries) throws IOException {
        Objects.requireNonNull(current, "current is null");
        Objects.requireNonNull(entries, "entries is null");
        if (current.rootHash().length != hashFunction.size()) {
            throw new IllegalArgumentException("current root has " + current.rootHash().length
                    + " bytes, expected " + hashFunction.size() + " for " + hashFunction.name());
        }
        for (int i = 0; i < entries.size(); i++) {
            byte[] entry = Objects.requireNonNull(entries.get(i), "entry " + i + " of the batch is null");
            if (entry.length > EntryBundle.MAX_ENTRY_BYTES) {
                throw new IllegalArgumentException("entry " + i + " of the batch has " + entry.length
                        + " bytes; tlog-tiles entry bundles hold at most " + EntryBundle.MAX_ENTRY_BYTES
                        + " bytes per entry (uint16 length prefix)");
            }
        }
        if (entries.size() > Long.MAX_VALUE - current.size()) {
            throw new IllegalArgumentException("the log cannot grow beyond 2^63-1 entries");
        }
        if (entries.isEmpty()) {
            return current;
        }
        Edge edge = cached != null && cached.state.equals(current) ? cached : load(current);
        // Until this batch is fully written the edge is half-applied; a failure must reload.
        cached = null;
        for (byte[] entry : entries) {
            edge.add(entry);
        }
        edge.writePartials();
        edge.state = new LogState(edge.tree.size(), edge.tree.root());
        cached = edge;
        return edge.state;
    }

    private Edge load(LogState current) throws IOException {
        long size = current.size();
        Edge edge = new Edge();
        byte[][] partialTiles = new byte[Tiles.LEVELS][];
        for (int level = 0; level < Tiles.LEVELS; level++) {
            int width = Tiles.partialWidth(level, size);
            if (width > 0) {
                TileRef ref = new TileRef(level, Tiles.fullTiles(level, size), width);
                TileReader.Fetched fetched = reader.hashTile(ref);
                partialTiles[level] = fetched.data();
                edge.noteExisting(level + 1, fetched);
            }
        }
        edge.tree = TreeEdge.fromPartialTiles(hashFunction, size, partialTiles);
        byte[] root = edge.tree.root();
        if (!Arrays.equals(root, current.rootHash())) {
            throw new IOException("the tiles in storage give root " + Tiles.hex(root) + " for size " + size
                    + ", not the current root " + Tiles.hex(current.rootHash())
                    + ": the storage does not hold the log this state belongs to");
        }
        int width = Tiles.partialWidth(0, size);
        if (width > 0) {
            TileRef ref = new TileRef(TileRef.ENTRIES_LEVEL, Tiles.fullTiles(0, size), width);
            TileReader.Fetched fetched = reader.require(ref);
            EntryBundle.Parsed parsed = EntryBundle.parse(
                    fetched.data(), width, fetched.fromFullTile(), Tiles.firstEntry(0, ref.index(), 0));
            if (parsed.problem() != null) {
                throw new IOException(fetched.path() + " is not a valid entry bundle: " + parsed.problem());
            }
            // Check the bundle against the verified leaf hashes so a damaged bundle is never
            // extended into a full one.
            byte[] leaves = partialTiles[0];
            int hashSize = hashFunction.size();
            for (int i = 0; i < width; i++) {
                byte[] leaf = hasher.leafHash(parsed.entries().get(i));
                if (!Arrays.equals(leaf, 0, hashSize, leaves, i * hashSize, (i + 1) * hashSize)) {
                    throw new IOException(fetched.path() + ": entry " + ((size & -Tiles.WIDTH) + i)
                            + " does not match its leaf hash in " + TileRef.tilePath(0, ref.index(), width));
                }
            }
            edge.bundle = Arrays.copyOf(fetched.data(), Math.max(parsed.consumed(), 1 << 16));
            edge.bundleLength = parsed.consumed();
            edge.bundleCount = width;
            edge.noteExisting(ENTRIES_SLOT, fetched);
        }
        edge.state = current;
        return edge;
    }

    /** The writer's view of the right edge: tree edge, unfinished bundle, partials written. */
    private final class Edge {
        TreeEdge tree = TreeEdge.empty(hashFunction);
        LogState state;
        byte[] bundle = new byte[1 << 16];
        int bundleLength;
        int bundleCount;
        /**
         * Per slot, the widths of the partial objects known to exist for the unfinished tile:
         * they need not be written again, and are deleted once the full one is written.
         */
        final long[][] partials = new long[SLOTS][Tiles.WIDTH / Long.SIZE];

        void add(byte[] entry) throws IOException {
            int needed = bundleLength + 2 + entry.length;
            if (needed > bundle.length) {
                bundle = Arrays.copyOf(bundle, Math.max(needed, bundle.length * 2));
            }
            bundle[bundleLength] = (byte) (entry.length >>> 8);
            bundle[bundleLength + 1] = (byte) entry.length;
            System.arraycopy(entry, 0, bundle, bundleLength + 2, entry.length);
            bundleLength = needed;
            bundleCount++;
            long bundleIndex = Tiles.fullTiles(0, tree.size());
            tree.addLeaf(hasher.leafHash(entry), this::writeFullTile);
            if (bundleCount == Tiles.WIDTH) {
                storage.write(TileRef.entriesPath(bundleIndex, Tiles.WIDTH),
                        Arrays.copyOf(bundle, bundleLength));
                deletePartials(ENTRIES_SLOT, TileRef.ENTRIES_LEVEL, bundleIndex);
                bundleLength = 0;
                bundleCount = 0;
            }
        }

        private void writeFullTile(int level, long index, byte[] hashes) throws IOException {
            storage.write(TileRef.tilePath(level, index, Tiles.WIDTH), hashes);
            deletePartials(level + 1, level, index);
        }

        void writePartials() throws IOException {
            long size = tree.size();
            if (bundleCount > 0 && !exists(ENTRIES_SLOT, bundleCount)) {
                TileRef ref = new TileRef(TileRef.ENTRIES_LEVEL, Tiles.fullTiles(0, size), bundleCount);
                storage.write(ref.path(), Arrays.copyOf(bundle, bundleLength));
                mark(ENTRIES_SLOT, bundleCount);
            }
            for (int level = 0; level < Tiles.LEVELS; level++) {
                int width = tree.width(level);
                if (width > 0 && !exists(level + 1, width)) {
                    storage.write(TileRef.tilePath(level, tree.tileIndex(level), width),
                            tree.partialTile(level));
                    mark(level + 1, width);
                }
            }
        }

        /** Records a partial object read at load time, unless only its full tile was there. */
        void noteExisting(int slot, TileReader.Fetched fetched) {
            // A full tile found in place of the partial one was written by an append whose
            // checkpoint was never published; it may hold other entries than the ones about to be
            // appended, so the partial tiles must be written for real, not assumed.
            if (!fetched.fromFullTile()) {
                mark(slot, fetched.ref().width());
            }
        }

        private void deletePartials(int slot, int level, long index) throws IOException {
            for (int width = 1; width < Tiles.WIDTH; width++) {
                if (exists(slot, width)) {
                    storage.delete(new TileRef(level, index, width).path());
                }
            }
            Arrays.fill(partials[slot], 0);
        }

        private boolean exists(int slot, int width) {
            return (partials[slot][width >>> 6] & (1L << width)) != 0;
        }

        private void mark(int slot, int width) {
            partials[slot][width >>> 6] |= 1L << width;
        }
    }
}
