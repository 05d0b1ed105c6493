package org.cityhealth.ledger.note;

import java.util.Arrays;

/**
 * One signature line of a note: the key name, the 32-bit key ID and the signature bytes that
 * follow the key ID.
 *
 * @param name the key name (non-empty, no spaces, no plus sign)
 * @param keyHash the key ID as an unsigned 32-bit value
 * @param signature the algorithm's signature bytes, at least one byte (copied)
 */
public record NoteSignature(String name, long keyHash, byte[] signature) {

    /** @throws IllegalArgumentException if a component is out of range */
    public NoteSignature {
        if (!NoteSyntax.isValidKeyName(name)) {
            throw new IllegalArgumentException(
                    "key name must be non-empty without spaces, plus signs or control characters");
        }
        if (keyHash < 0 || keyHash > 0xffff_ffffL) {
            throw new IllegalArgumentException("key hash " + keyHash + " is not an unsigned 32-bit value");
        }
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("signature is empty");
        }
        signature = signature.clone();
    }

    /**
     * Parses one signature line, {@code "— <name> <base64(key ID || signature)>"}, without the
     * trailing newline.
     *
     * @throws NoteException if the line is not a well-formed signature line
     */
    public static NoteSignature parseLine(String line) throws NoteException {
        if (line == null) {
            throw new NoteException("signature line is missing");
        }
        NoteSyntax.checkCharacters(line, "signature line");
        if (line.indexOf('\n') >= 0) {
            throw new NoteException("signature line contains a newline");
        }
        if (!line.startsWith(NoteSyntax.SIGNATURE_PREFIX)) {
            throw new NoteException("signature line does not start with an em dash and a space");
        }
        String rest = line.substring(NoteSyntax.SIGNATURE_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new NoteException("signature line has no space between key name and signature");
        }
        String name = rest.substring(0, space);
        if (!NoteSyntax.isValidKeyName(name)) {
            throw new NoteException("signature line has an invalid key name");
        }
        byte[] raw = NoteSyntax.decodeBase64(rest.substring(space + 1));
        if (raw == null) {
            throw new NoteException("signature of key " + name + " is not canonical base64");
        }
        if (raw.length < 5) {
            throw new NoteException("signature of key " + name + " is shorter than a key ID and one byte");
        }
        long keyHash = ((raw[0] & 0xffL) << 24) | ((raw[1] & 0xffL) << 16) | ((raw[2] & 0xffL) << 8)
                | (raw[3] & 0xffL);
        return new NoteSignature(name, keyHash, Arrays.copyOfRange(raw, 4, raw.length));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signature line {@code "— <name> <base64(key ID || signature)>"}, without newline. */
    public String line() {
        byte[] raw = new byte[4 + signature.length];
        raw[0] = (byte) (keyHash >>> 24);
        raw[1] = (byte) (keyHash >>> 16);
        raw[2] = (byte) (keyHash >>> 8);
        raw[3] = (byte) keyHash;
        System.arraycopy(signature, 0, raw, 4, signature.length);
        return NoteSyntax.SIGNATURE_PREFIX + name + " " + NoteSyntax.encodeBase64(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature other
                && name.equals(other.name)
                && keyHash == other.keyHash
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + Long.hashCode(keyHash)) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return String.format("NoteSignature[name=%s, keyHash=%08x, signature=%d bytes]",
                name, keyHash, signature.length);
    }
}
