package org.cityhealth.ledger.tiles;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;

/**
 * Offline audit of a tiled log: recomputes the whole tree of a given size from its entry bundles
 * and compares every stored hash tile of that size (full tiles, and the partial ones of that
 * size) and the root with what the entries imply.
 *
 * <p>It streams: bundles are read one at a time and the tree is grown through its right edge,
 * so memory stays at one bundle plus one tile per level, whatever the size.
 *
 * <p>Every mismatch is located at the first entry it affects (a level-L tile hash covers 256^L
 * entries), and the report names the lowest. Where entries and tiles disagree the audit cannot
 * tell by itself which one was altered; the root settles it, and the message says which side
 * the expected root backs.
 */
public final class TreeAudit {

    private TreeAudit() {}

    /**
     * Audits the tree of {@code treeSize} entries stored in {@code storage} against
     * {@code expectedRoot} (normally the root of a verified checkpoint).
     *
     * <p>Storage failures are reported as problems, not thrown: to an auditor an unreadable tile
     * is a failed audit, and the message says it could not be read rather than that it is wrong.
     *
     * @throws IllegalArgumentException if {@code treeSize} is negative
     */
    public static AuditReport audit(
            HashFunction hashFunction, TileStorage storage, long treeSize, byte[] expectedRoot) {
        Objects.requireNonNull(hashFunction, "hashFunction is null");
        Objects.requireNonNull(storage, "storage is null");
        Objects.requireNonNull(expectedRoot, "expectedRoot is null");
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " is negative");
        }
        return new Auditor(hashFunction, storage, treeSize, expectedRoot).run();
    }

    private static final class Auditor {
        private final MerkleHasher hasher;
        private final int hashSize;
        private final TileReader reader;
        private final long treeSize;
        private final byte[] expectedRoot;
        private final TreeEdge edge;
        /**
         * Per level, the tiles that disagreed with the recomputation and are still under an
         * unfinished tile of the level above. A changed entry changes every hash above it, so
         * the stored tiles above it disagree too; that disagreement is a consequence, not a
         * second problem, and would otherwise be reported at the (lower) start of those tiles.
         */
        private final List<Set<Long>> disagreeing = new ArrayList<>();
        private long firstBadIndex = Long.MAX_VALUE;
        private String firstProblem;
        private int problems;

        Auditor(HashFunction hashFunction, TileStorage storage, long treeSize, byte[] expectedRoot) {
            this.hasher = new MerkleHasher(hashFunction);
            this.hashSize = hashFunction.size();
            this.reader = new TileReader(storage, hashSize);
            this.treeSize = treeSize;
            this.expectedRoot = expectedRoot.clone();
            this.edge = TreeEdge.empty(hashFunction);
            for (int level = 0; level < Tiles.LEVELS; level++) {
                disagreeing.add(new HashSet<>());
            }
        }

        AuditReport run() {
            String stoppedAt = readAllBundles();
            // Tiles still unfinished in the edge: the partial tiles of this size, or, when the
            // recomputation stopped early, the part of the covering tiles it got to.
            for (int level = 0; level < Tiles.LEVELS; level++) {
                int width = edge.width(level);
                if (width > 0) {
                    compareTile(level, edge.tileIndex(level), edge.partialTile(level), width);
                }
            }
            if (stoppedAt != null) {
                return failed(firstProblem + summary() + "; the recomputation stopped at " + stoppedAt);
            }
            byte[] root = edge.root();
            boolean rootMatches = MessageDigest.isEqual(root, expectedRoot);
            if (problems == 0) {
                return rootMatches
                        ? AuditReport.passed()
                        : new AuditReport(false, -1, "the root recomputed from the " + treeSize
                                + " entries is " + Tiles.hex(root) + ", not the expected "
                                + Tiles.hex(expectedRoot) + "; every stored tile agrees with the entries");
            }
            return failed(firstProblem + summary() + (rootMatches
                    ? "; the entries reproduce the expected root, so the stored tiles are what is wrong"
                    : "; the recomputed root differs from the expected root too"));
        }

        /**
         * Feeds every bundle through the edge.
         *
         * @return null, or the path of the bundle that could not be read completely
         */
        private String readAllBundles() {
            long bundles = Tiles.fullTiles(0, treeSize) + (Tiles.partialWidth(0, treeSize) > 0 ? 1 : 0);
            for (long index = 0; index < bundles; index++) {
                TileRef ref = TileRef.inTree(TileRef.ENTRIES_LEVEL, index, treeSize);
                long first = Tiles.firstEntry(0, index, 0);
                Optional<TileReader.Fetched> fetched;
                try {
                    fetched = reader.fetch(ref);
                } catch (IOException | RuntimeException e) {
                    problem(first, "could not read " + ref.path() + ": " + e.getMessage());
                    return ref.path();
                }
                if (fetched.isEmpty()) {
                    problem(first, ref.path() + " is missing");
                    return ref.path();
                }
                String path = fetched.get().path();
                EntryBundle.Parsed parsed = EntryBundle.parse(
                        fetched.get().data(), ref.width(), fetched.get().fromFullTile(), first);
                List<byte[]> entries = parsed.entries();
                for (byte[] entry : entries) {
                    edge.<RuntimeException>addLeaf(hasher.leafHash(entry),
                            (level, tile, hashes) -> compareTile(level, tile, hashes, Tiles.WIDTH));
                }
                if (parsed.problem() != null) {
                    // Truncated: wrong from the first entry that could not be read. Trailing
                    // bytes: wrong after its last entry (a damaged length prefix further up also
                    // shows as that entry's leaf mismatch, which is lower).
                    boolean truncated = entries.size() < ref.width();
                    problem(first + (truncated ? entries.size() : ref.width() - 1),
                            path + " is not a valid entry bundle: " + parsed.problem());
                    if (truncated) {
                        return path;
                    }
                }
            }
            return null;
        }

        /**
         * Compares the first {@code count} recomputed hashes of tile {@code index} at {@code
         * level} with the stored tile of this tree size.
         */
        private void compareTile(int level, long index, byte[] recomputed, int count) {
            TileRef ref = TileRef.inTree(level, index, treeSize);
            long first = Tiles.firstEntry(level, index, 0);
            Set<Long> below = level > 0 ? disagreeing.get(level - 1) : Set.of();
            Optional<TileReader.Fetched> fetched;
            try {
                fetched = reader.fetch(ref);
            } catch (IOException | RuntimeException e) {
                tileProblem(level, index, first, "could not read " + ref.path() + ": " + e.getMessage());
                return;
            }
            if (fetched.isEmpty()) {
                tileProblem(level, index, first, ref.path() + " is missing");
                return;
            }
            String path = fetched.get().path();
            byte[] stored = fetched.get().data();
            int expectedLength = fetched.get().storedWidth() * hashSize;
            int present = Math.min(count, stored.length / hashSize);
            for (int position = 0; position < present; position++) {
                int at = position * hashSize;
                if (!Arrays.equals(stored, at, at + hashSize, recomputed, at, at + hashSize)) {
                    disagreeing.get(level).add(index);
                    if (!below.contains((index << Tiles.HEIGHT) + position)) {
                        problem(Tiles.firstEntry(level, index, position),
                                mismatch(level, index, path, position));
                        break;
                    }
                }
            }
            if (stored.length < expectedLength) {
                tileProblem(level, index, Tiles.firstEntry(level, index, stored.length / hashSize),
                        path + " is truncated: " + stored.length + " bytes, expected " + expectedLength);
            } else if (stored.length > expectedLength) {
                tileProblem(level, index, first,
                        path + " has " + stored.length + " bytes, expected " + expectedLength);
            }
            if (level > 0) {
                long nextBelow = (index + 1) << Tiles.HEIGHT;
                below.removeIf(tile -> tile < nextBelow);
            }
        }

        private void tileProblem(int level, long index, long entry, String description) {
            disagreeing.get(level).add(index);
            problem(entry, description);
        }

        private String mismatch(int level, long index, String path, int position) {
            long first = Tiles.firstEntry(level, index, position);
            if (level == 0) {
                String bundle = TileRef.inTree(TileRef.ENTRIES_LEVEL, index, treeSize).path();
                return path + " hash " + position + " is not the leaf hash of entry " + first
                        + " in " + bundle;
            }
            long last = first + (1L << (Tiles.HEIGHT * level)) - 1;
            return path + " hash " + position + " is not the hash of entries " + first + ".." + last
                    + " recomputed from the entry bundles";
        }

        private void problem(long index, String description) {
            problems++;
            if (index < firstBadIndex) {
                firstBadIndex = index;
                firstProblem = description;
            }
        }

        private String summary() {
            return problems > 1
                    ? " (" + problems + " problems in all, this one affects the lowest entry)"
                    : "";
        }

        private AuditReport failed(String problem) {
            return new AuditReport(false, firstBadIndex, problem);
        }
    }
}
