package org.cityhealth.ledger.note;

/**
 * Verifies note signatures made by one key. Obtain instances from {@link NoteKeys}.
 *
 * <p>Implementations are thread-safe and never throw on malformed signatures: they return
 * {@code false}.
 */
public interface NoteVerifier {

    /** The key name a signature line must carry to be checked by this verifier. */
    String name();

    /** The 32-bit key ID (key hash), as an unsigned value in a long. */
    long keyHash();

    /**
     * @param message the note text in UTF-8
     * @param signature the signature bytes after the key ID
     * @return whether {@code signature} is a valid signature of {@code message} by this key
     */
    boolean verify(byte[] message, byte[] signature);
}
