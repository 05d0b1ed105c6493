package org.cityhealth.ledger.tiles;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One C2SP tlog-tiles resource: a Merkle hash tile {@code tile/<L>/<N>[.p/<W>]} or an entry bundle
 * {@code tile/entries/<N>[.p/<W>]} (https://c2sp.org/tlog-tiles).
 *
 * <p>Entry bundles use {@code level == ENTRIES_LEVEL} (−1), as in Go's {@code sumdb/tlog}, so one
 * type names every resource a client fetches. {@code index} is the tile index {@code N} within
 * its level, not an entry index: bundle {@code N} holds entries {@code 256N .. 256N+255}.
 * {@code width} is the number of hashes (or entries): 256 for a full tile, 1..255 for a partial
 * one.
 *
 * @param level −1 for an entry bundle, else the hash tile level 0..63
 * @param index the tile index {@code N}, non-negative
 * @param width 1..256
 */
public record TileRef(int level, long index, int width) {

    /** The {@link #level} of entry bundles. */
    public static final int ENTRIES_LEVEL = -1;

    /** Highest level the path syntax allows (the spec's {@code <L>} is 0..63). */
    public static final int MAX_LEVEL = 63;

    /** Width of a full tile: 256 hashes, or 256 entries for a bundle. */
    public static final int FULL_WIDTH = Tiles.WIDTH;

    // Structure only; whether the numbers are canonical (no x000 prefix, no leading zeroes,
    // ranges) is decided by re-formatting, so that exactly one path names each resource.
    private static final Pattern PATH = Pattern.compile(
            "tile/(entries|[0-9]{1,2})/((?:x[0-9]{3}/)*[0-9]{3})(?:\\.p/([0-9]{1,3}))?");

    // The longest canonical path is "tile/entries/x009/x223/x372/x036/x854/x775/807.p/255".
    private static final int MAX_PATH_LENGTH = 64;

    /**
     * @throws IllegalArgumentException if a component is out of range
     */
    public TileRef {
        if (level < ENTRIES_LEVEL || level > MAX_LEVEL) {
            throw new IllegalArgumentException(
                    "tile level " + level + " is outside " + ENTRIES_LEVEL + ".." + MAX_LEVEL);
        }
        if (index < 0) {
            throw new IllegalArgumentException("tile index " + index + " is negative");
        }
        if (width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("tile width " + width + " is outside 1.." + FULL_WIDTH);
        }
    }

    /** True for an entry bundle, false for a hash tile. */
    public boolean isEntries() {
        return level == ENTRIES_LEVEL;
    }

    /** True unless the tile is full (256 wide). */
    public boolean isPartial() {
        return width < FULL_WIDTH;
    }

    /** The full tile at the same level and index. */
    public TileRef full() {
        return new TileRef(level, index, FULL_WIDTH);
    }

    /**
     * The relative path of this resource, e.g. {@code tile/0/x001/x234/067},
     * {@code tile/1/000.p/17} or {@code tile/entries/000.p/5}.
     */
    public String path() {
        StringBuilder path = new StringBuilder(MAX_PATH_LENGTH).append("tile/");
        if (isEntries()) {
            path.append("entries");
        } else {
            path.append(level);
        }
        path.append('/');
        appendIndex(path, index);
        if (isPartial()) {
            path.append(".p/").append(width);
        }
        return path.toString();
    }

    @Override
    public String toString() {
        return path();
    }

    /**
     * Path of entry bundle {@code index} (entries {@code 256*index ..}) with {@code width} entries.
     *
     * @throws IllegalArgumentException if {@code index < 0} or width is outside 1..256
     */
    public static String entriesPath(long index, int width) {
        return new TileRef(ENTRIES_LEVEL, index, width).path();
    }

    /**
     * Path of hash tile {@code index} at {@code level} with {@code width} hashes.
     *
     * @throws IllegalArgumentException if a component is out of range
     */
    public static String tilePath(int level, long index, int width) {
        if (level < 0) {
            throw new IllegalArgumentException("hash tile level " + level + " is negative");
        }
        return new TileRef(level, index, width).path();
    }

    /**
     * The tile at {@code level} and {@code index} as it exists in the tree of {@code treeSize}
     * entries: full if the tree covers all of it, else the partial tile of width
     * {@code floor(treeSize / 256^level) mod 256} (for entry bundles, {@code treeSize mod 256}).
     *
     * @param level a hash tile level or {@link #ENTRIES_LEVEL}
     * @throws IllegalArgumentException if the tree of that size has no such tile (it would be
     *     empty, and the spec forbids serving empty tiles)
     */
    public static TileRef inTree(int level, long index, long treeSize) {
        if (level < ENTRIES_LEVEL || level > MAX_LEVEL || index < 0 || treeSize < 0) {
            throw new IllegalArgumentException(
                    "no tile at level " + level + ", index " + index + " of a tree of size " + treeSize);
        }
        int geometry = Math.max(level, 0);
        long full = Tiles.fullTiles(geometry, treeSize);
        if (index < full) {
            return new TileRef(level, index, FULL_WIDTH);
        }
        int width = Tiles.partialWidth(geometry, treeSize);
        if (index == full && width > 0) {
            return new TileRef(level, index, width);
        }
        throw new IllegalArgumentException(
                "a tree of size " + treeSize + " has no tile at level " + level + ", index " + index);
    }

    /**
     * Parses a tile or entry bundle path, accepting exactly the canonical paths of the spec:
     * level 0..63 or {@code entries} without leading zeroes; {@code N} in 3-digit groups, all but
     * the last prefixed by {@code x}, with no superfluous {@code x000} group (so each resource has
     * one name); an optional {@code .p/<W>} with W in 1..255 without leading zeroes.
     *
     * @throws IllegalArgumentException for anything else, including indices beyond 2^63-1
     * @throws NullPointerException if {@code path} is null
     */
    public static TileRef parse(String path) {
        Objects.requireNonNull(path, "path is null");
        if (path.length() > MAX_PATH_LENGTH) {
            throw new IllegalArgumentException("not a tile path (too long): " + abbreviate(path));
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a tile path: " + abbreviate(path));
        }
        int level = m.group(1).equals("entries") ? ENTRIES_LEVEL : Integer.parseInt(m.group(1));
        String digits = m.group(2).replace("x", "").replace("/", "");
        String significant = digits.replaceFirst("^0+(?=.)", "");
        long index;
        try {
            index = Long.parseLong(significant);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tile index in " + path + " does not fit in 63 bits");
        }
        int width = m.group(3) == null ? FULL_WIDTH : Integer.parseInt(m.group(3));
        if (level > MAX_LEVEL || (m.group(3) != null && (width < 1 || width >= FULL_WIDTH))) {
            throw new IllegalArgumentException("tile level or width out of range in " + path);
        }
        TileRef ref = new TileRef(level, index, width);
        if (!ref.path().equals(path)) {
            throw new IllegalArgumentException(
                    "tile path " + path + " is not canonical; the spec's form is " + ref.path());
        }
        return ref;
    }

    /** Appends N as zero-padded 3-digit groups, all but the last prefixed with 'x'. */
    private static void appendIndex(StringBuilder path, long n) {
        String digits = Long.toString(n);
        int padded = (digits.length() + 2) / 3 * 3;
        String all = "0".repeat(padded - digits.length()) + digits;
        for (int i = 0; i < padded; i += 3) {
            if (i > 0) {
                path.append('/');
            }
            if (i + 3 < padded) {
                path.append('x');
            }
            path.append(all, i, i + 3);
        }
    }

    private static String abbreviate(String path) {
        String shown = path.length() > MAX_PATH_LENGTH ? path.substring(0, MAX_PATH_LENGTH) + "..." : path;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
