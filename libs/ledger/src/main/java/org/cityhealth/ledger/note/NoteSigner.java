package org.cityhealth.ledger.note;

/**
 * Signs note texts with one key. Obtain instances from {@link NoteKeys}.
 *
 * <p>Implementations are thread-safe.
 */
public interface NoteSigner {

    /** The key name written on the signature line. */
    String name();

    /** The 32-bit key ID (key hash), as an unsigned value in a long. */
    long keyHash();

    /**
     * Signs {@code message} (the note text in UTF-8) and returns the signature bytes that
     * follow the key ID on the signature line.
     *
     * @throws IllegalArgumentException if this key cannot sign such a message (a witness
     *     cosigner only signs checkpoints)
     */
    byte[] sign(byte[] message);
}
