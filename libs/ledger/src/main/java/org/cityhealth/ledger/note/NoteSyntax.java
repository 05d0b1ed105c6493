package org.cityhealth.ledger.note;

import java.util.Base64;

/** Lexical rules of c2sp.org/signed-note shared by notes, signature lines, keys and checkpoints. */
final class NoteSyntax {

    /** Em dash (U+2014) and a space: the start of every signature line. */
    static final String SIGNATURE_PREFIX = "\u2014 ";

    /**
     * Most signature lines a note may carry. The spec demands at least 16; 100 is what Go's
     * reference implementation allows, so notes it accepts are accepted here too.
     */
    static final int MAX_SIGNATURES = 100;

    /**
     * Largest note, in UTF-8 bytes. 100 post-quantum signatures of about 5 kB stay well below
     * it; the limit only bounds the work an attacker can make a verifier do.
     */
    static final int MAX_NOTE_BYTES = 1 << 20;

    private NoteSyntax() {}

    /** Non-empty, no Unicode space (as Go's {@code unicode.IsSpace}) and no plus sign. */
    static boolean isValidKeyName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (cp == '+' || isUnicodeSpace(cp) || cp < 0x20 || Character.isSurrogate((char) cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean isUnicodeSpace(int cp) {
        // Character.isSpaceChar covers the Z categories (including no-break spaces);
        // the C0 whitespace controls and NEL are the other code points Go counts as spaces.
        return Character.isSpaceChar(cp) || (cp >= 0x09 && cp <= 0x0d) || cp == 0x85;
    }

    /**
     * Checks the note-wide character rules (valid UTF-16 so that UTF-8 is well defined, no
     * control character but newline) and returns the UTF-8 length.
     *
     * @throws NoteException naming the offending position
     */
    static int checkCharacters(String s, String what) throws NoteException {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new NoteException(String.format(
                        "%s contains control character U+%04X at offset %d", what, (int) c, i));
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new NoteException(what + " is not valid Unicode: lone surrogate at offset " + i);
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new NoteException(what + " is not valid Unicode: lone surrogate at offset " + i);
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes;
    }

    /**
     * Decodes standard, padded base64 (RFC 4648 §4) and accepts only the canonical encoding.
     * Java's decoder tolerates missing padding and ignores non-zero trailing bits, so two
     * different strings could carry the same signature; requiring the canonical form means a
     * changed character in a note always changes what it says.
     *
     * @return the bytes, or {@code null} if {@code s} is not canonical base64
     */
    static byte[] decodeBase64(String s) {
        if (s.isEmpty() || s.length() % 4 != 0) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Base64.getEncoder().encodeToString(decoded).equals(s) ? decoded : null;
    }

    static String encodeBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
