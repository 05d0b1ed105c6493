package org.cityhealth.ledger.tiles;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the tiles, entry bundles (and whatever else a log publishes, such as its checkpoint)
 * live, addressed by relative slash-separated paths such as {@code tile/0/x001/234.p/5}.
 *
 * <p>The log writes through this interface and the proof reader and auditor read through it, so
 * the same code serves a directory, an object store or (read-only) an HTTP mirror.
 *
 * <p>Contract for implementations: {@link #write} replaces the whole object atomically (a reader
 * sees the old bytes or the new ones, never a mix) and durably before returning, and does not
 * keep the array; {@link #read} returns a fresh array the caller may modify. Paths that are not
 * relative slash-separated names may be rejected with {@link IllegalArgumentException}.
 */
public interface TileStorage {

    /**
     * The object at {@code path}, or empty if there is none.
     *
     * @throws IOException if the storage fails (a missing object is not a failure)
     */
    Optional<byte[]> read(String path) throws IOException;

    /**
     * Creates or atomically replaces the object at {@code path}.
     *
     * @throws IOException if the object may not have been stored durably
     */
    void write(String path, byte[] data) throws IOException;

    /**
     * Removes the object at {@code path} if present. {@link TiledLog} uses it to drop partial
     * tiles once the full tile is written, which the spec allows; without it a log appended one
     * entry at a time keeps up to 255 ever-larger partial bundles per full one. The default keeps
     * everything, which is always correct, just bigger.
     *
     * @throws IOException if the storage fails
     */
    default void delete(String path) throws IOException {
        // Keeping a superseded partial tile is harmless; see above.
    }
}
