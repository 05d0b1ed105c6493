package org.cityhealth.ledger.note;

/**
 * A freshly generated key in its two text encodings.
 *
 * @param signerKey {@code PRIVATE+KEY+<name>+<key ID hex>+<base64(type || private key)>}; secret
 * @param verifierKey {@code <name>+<key ID hex>+<base64(type || public key)>}; publish it
 */
public record NoteKeyPair(String signerKey, String verifierKey) {

    /** Leaves the signer key out, so a logged key pair does not leak it. */
    @Override
    public String toString() {
        return "NoteKeyPair[signerKey=<redacted>, verifierKey=" + verifierKey + "]";
    }
}
