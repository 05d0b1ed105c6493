package org.cityhealth.ledger;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** SHA-256 through the JDK. Package-private: callers use {@link HashFunction#SHA256}. */
final class Sha256HashFunction implements HashFunction {

    Sha256HashFunction() {
        // Fail at class-initialisation time rather than on the first hash if the JDK lacks it
        // (every Java SE platform must ship SHA-256, so this is a sanity check).
        newDigest();
    }

    @Override
    public String name() {
        return "SHA-256";
    }

    @Override
    public int size() {
        return 32;
    }

    @Override
    public byte[] hash(byte[]... parts) {
        Objects.requireNonNull(parts, "parts is null");
        // MessageDigest is not thread-safe; a fresh instance per call keeps this class stateless.
        MessageDigest digest = newDigest();
        for (int i = 0; i < parts.length; i++) {
            digest.update(Objects.requireNonNull(parts[i], "parts[" + i + "] is null"));
        }
        return digest.digest();
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on Java SE but is missing", e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
