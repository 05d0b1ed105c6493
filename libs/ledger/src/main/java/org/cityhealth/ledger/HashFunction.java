package org.cityhealth.ledger;

/**
 * A cryptographic hash function as used by the Merkle tree: a name, a fixed output size and a
 * one-shot hash over the concatenation of byte-array parts.
 *
 * <p>Contract: {@link #hash(byte[]...)} is stateless and thread-safe, returns a fresh array of
 * exactly {@link #size()} bytes, and hashes the parts as if they were concatenated (so the
 * caller never has to allocate the concatenation, e.g. {@code 0x01 || left || right}).
 *
 * <p>Two implementations are provided: {@link #SHA256} (the RFC 9162 default, JDK provider) and
 * {@link #SM3} (GB/T 32905, required by Chinese regulators; Bouncy Castle's lightweight API, so
 * no JCA provider has to be registered).
 */
public interface HashFunction {

    /** SHA-256 (FIPS 180-4) via the JDK {@link java.security.MessageDigest}; 32-byte output. */
    HashFunction SHA256 = new Sha256HashFunction();

    /** SM3 (GB/T 32905-2016) via Bouncy Castle's {@code SM3Digest}; 32-byte output. */
    HashFunction SM3 = new Sm3HashFunction();

    /** A stable, human-readable algorithm name, e.g. {@code "SHA-256"} or {@code "SM3"}. */
    String name();

    /** Output length in bytes. */
    int size();

    /**
     * Hashes the concatenation of {@code parts}.
     *
     * @param parts zero or more byte arrays; neither the array nor any element may be null.
     *     With no parts this is the hash of the empty string.
     * @return a new array of {@link #size()} bytes
     * @throws NullPointerException if {@code parts} or one of its elements is null
     */
    byte[] hash(byte[]... parts);
}
