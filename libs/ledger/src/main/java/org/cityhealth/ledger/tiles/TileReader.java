package org.cityhealth.ledger.tiles;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads tiles and bundles, falling back to the full tile when a partial one was pruned: the spec
 * lets logs delete a partial tile once the full one exists, and its first W hashes (or entries)
 * are exactly the partial tile's.
 */
final class TileReader {

    /**
     * Bytes read for {@code ref}, from {@code path}: its own path, or the full tile's.
     */
    record Fetched(TileRef ref, String path, byte[] data) {
        boolean fromFullTile() {
            return ref.isPartial() && !path.equals(ref.path());
        }

        /** How many hashes or entries the object at {@code path} must hold. */
        int storedWidth() {
            return fromFullTile() ? TileRef.FULL_WIDTH : ref.width();
        }
    }

    private final TileStorage storage;
    private final int hashSize;

    TileReader(TileStorage storage, int hashSize) {
        this.storage = storage;
        this.hashSize = hashSize;
    }

    Optional<Fetched> fetch(TileRef ref) throws IOException {
        String path = ref.path();
        Optional<byte[]> data = storage.read(path);
        if (data.isEmpty() && ref.isPartial()) {
            path = ref.full().path();
            data = storage.read(path);
        }
        String from = path;
        return data.map(bytes -> new Fetched(ref, from, bytes));
    }

    /**
     * Exactly {@code ref.width()} hashes, concatenated.
     *
     * @throws IOException if the tile is missing or has the wrong length, naming its path
     */
    byte[] hashes(TileRef ref) throws IOException {
        Fetched fetched = hashTile(ref);
        return fetched.fromFullTile()
                ? Arrays.copyOf(fetched.data(), ref.width() * hashSize)
                : fetched.data();
    }

    /**
     * The tile for {@code ref}, checked to have the length of the object it was read from (its
     * data may thus hold 256 hashes when the partial tile was pruned).
     *
     * @throws IOException if the tile is missing or has the wrong length, naming its path
     */
    Fetched hashTile(TileRef ref) throws IOException {
        Fetched fetched = require(ref);
        int expected = fetched.storedWidth() * hashSize;
        if (fetched.data().length != expected) {
            throw new IOException(fetched.path() + " has " + fetched.data().length + " bytes, expected "
                    + expected + " (" + fetched.storedWidth() + " hashes of " + hashSize + " bytes)");
        }
        return fetched;
    }

    /**
     * Exactly {@code ref.width()} entries of an entry bundle.
     *
     * @throws IOException if the bundle is missing or malformed, naming its path
     */
    List<byte[]> entries(TileRef ref) throws IOException {
        Fetched fetched = require(ref);
        EntryBundle.Parsed parsed = EntryBundle.parse(
                fetched.data(), ref.width(), fetched.fromFullTile(), Tiles.firstEntry(0, ref.index(), 0));
        if (parsed.problem() != null) {
            throw new IOException(fetched.path() + " is not a valid entry bundle: " + parsed.problem());
        }
        return parsed.entries();
    }

    Fetched require(TileRef ref) throws IOException {
        Optional<Fetched> fetched = fetch(ref);
        if (fetched.isEmpty()) {
            throw new IOException(ref.path() + " is missing"
                    + (ref.isPartial() ? " (and so is the full " + ref.full().path() + ")" : ""));
        }
        return fetched.get();
    }
}
