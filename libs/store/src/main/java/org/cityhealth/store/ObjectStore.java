package org.cityhealth.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of immutable byte objects under string keys: the vault's raw submissions today, cold
 * archives and imaging tomorrow. Keys are relative paths of {@code [A-Za-z0-9._-]} segments separated by
 * {@code /}.
 *
 * <p>Contract, checked by {@code ObjectStoreContract} for every implementation:
 * <ul>
 *   <li>{@link #put} MUST NOT return before the object is durably stored, and a reader MUST never observe a
 *       partly written object: it sees either nothing or all the bytes.</li>
 *   <li>{@link #put} of a key that already exists replaces it atomically.</li>
 *   <li>{@link #get} of a missing key MUST throw {@link NoSuchObjectException}, never return empty bytes.</li>
 * </ul>
 */
public interface ObjectStore {

    /** Stores all bytes of {@code data} under {@code key} and returns how many were written. */
    long put(String key, InputStream data) throws IOException;

    default long put(String key, byte[] data) throws IOException {
        return put(key, new java.io.ByteArrayInputStream(data));
    }

    /** Opens the object for reading; the caller closes the stream. */
    InputStream get(String key) throws IOException;

    /** Size of the object, or empty when there is none. */
    Optional<Long> size(String key) throws IOException;

    /** Removes the object; removing a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Keys that start with {@code prefix}, in lexicographic order. */
    List<String> list(String prefix) throws IOException;

    /**
     * Removes what writes interrupted by a crash left under {@code prefix} (never a complete object), if older than
     * {@code olderThan}, and returns how many; backends where an interrupted write leaves nothing return 0.
     */
    default int sweep(String prefix, java.time.Duration olderThan) throws IOException {
        return 0;
    }

    /** Thrown by {@link #get} for a key with no object. */
    final class NoSuchObjectException extends IOException {
        public NoSuchObjectException(String key) {
            super("no object at " + key);
        }
    }

    /** Rejects keys that could escape the store's root or differ between backends. */
    static String checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 1024 || key.startsWith("/") || key.endsWith("/")) {
            throw new IllegalArgumentException("invalid object key: " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                    || !segment.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-')) {
                throw new IllegalArgumentException("invalid object key: " + key);
            }
        }
        return key;
    }
}
