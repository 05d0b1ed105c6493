package org.cityhealth.crypto;

import java.io.IOException;
import java.util.List;

/**
 * Holds the master keys (key-encryption keys) and wraps data keys under them, so that the data keys can be
 * stored beside the data. Implementations: {@link LocalKeystore} (a passphrase-protected file, the default);
 * an HSM or a cloud KMS later, behind the same four operations. Master keys never leave the provider.
 *
 * <p>Versions are positive and increase by one per {@link #rotate()}; a provider keeps every version it ever
 * had, so data keys wrapped under an old one stay readable until they are re-wrapped.
 */
public interface KeyProvider {

    /**
     * Wraps {@code dataKey} under the current master key version. {@code context} is authenticated, not
     * stored: unwrapping needs the same bytes, which binds the wrapped key to what it protects.
     */
    WrappedKey wrap(byte[] dataKey, byte[] context) throws IOException;

    /** Inverse of {@link #wrap}; throws when the version is unknown or the wrapped key or context was altered. */
    byte[] unwrap(WrappedKey wrapped, byte[] context) throws IOException;

    int currentVersion() throws IOException;

    /** Every master key version held, ascending. */
    List<Integer> versions() throws IOException;

    /** Creates a new master key version, makes it current and returns it. Re-wrapping is the caller's job. */
    int rotate() throws IOException;

    /** A data key encrypted under master key {@code masterVersion}; the bytes are provider-specific. */
    record WrappedKey(int masterVersion, byte[] ciphertext) {}
}
