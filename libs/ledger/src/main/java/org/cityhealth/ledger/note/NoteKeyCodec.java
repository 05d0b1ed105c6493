package org.cityhealth.ledger.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The text encodings of keys used by Go's {@code golang.org/x/mod/sumdb/note} and the C2SP
 * ecosystem: verifier keys {@code <name>+<key ID>+<base64(type || public key)>} and signer keys
 * {@code PRIVATE+KEY+<name>+<key ID>+<base64(type || private key)>}, the key ID being eight hex
 * digits. Error messages never quote the key.
 */
final class NoteKeyCodec {

    private static final String PRIVATE_PREFIX = "PRIVATE+KEY+";

    /** A decoded key string; {@code key} is the public or private key without the type. */
    record Decoded(String name, long keyHash, NoteAlgorithm algorithm, byte[] key) {}

    private NoteKeyCodec() {}

    /**
     * Key ID per c2sp.org/signed-note: the first four bytes, big-endian, of
     * SHA-256(name || 0x0A || type || public key).
     */
    static long keyHash(String name, NoteAlgorithm algorithm, byte[] publicKey) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(algorithm.typeId());
        byte[] digest = sha256.digest(publicKey);
        return ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8)
                | (digest[3] & 0xffL);
    }

    static String verifierKey(String name, NoteAlgorithm algorithm, byte[] publicKey) {
        return String.format("%s+%08x+%s", name, keyHash(name, algorithm, publicKey),
                NoteSyntax.encodeBase64(NoteSyntax.concat(algorithm.typeId(), publicKey)));
    }

    static String signerKey(String name, NoteAlgorithm algorithm, byte[] publicKey, byte[] privateKey) {
        return String.format("%s%s+%08x+%s", PRIVATE_PREFIX, name, keyHash(name, algorithm, publicKey),
                NoteSyntax.encodeBase64(NoteSyntax.concat(algorithm.typeId(), privateKey)));
    }

    /**
     * Decodes a verifier key and checks its key ID against the key.
     *
     * @throws IllegalArgumentException if it is malformed, of an unknown type or inconsistent
     */
    static Decoded decodeVerifierKey(String vkey) {
        if (vkey == null) {
            throw new IllegalArgumentException("verifier key is missing");
        }
        Decoded decoded = decode(vkey, "verifier key", true);
        if (decoded.keyHash != keyHash(decoded.name, decoded.algorithm, decoded.key)) {
            throw new IllegalArgumentException(
                    "verifier key for " + decoded.name + " has a key ID that does not match its key");
        }
        return decoded;
    }

    /**
     * Decodes a signer key. Its key ID is a hash of the PUBLIC key, so the caller checks it
     * with {@link #requireKeyHash} once it has derived the public key.
     *
     * @throws IllegalArgumentException if it is malformed or of an unknown type
     */
    static Decoded decodeSignerKey(String skey) {
        if (skey == null) {
            throw new IllegalArgumentException("signer key is missing");
        }
        if (!skey.startsWith(PRIVATE_PREFIX)) {
            throw new IllegalArgumentException("malformed signer key: it must start with PRIVATE+KEY+");
        }
        return decode(skey.substring(PRIVATE_PREFIX.length()), "signer key", false);
    }

    static void requireKeyHash(Decoded signerKey, byte[] publicKey) {
        if (signerKey.keyHash != keyHash(signerKey.name, signerKey.algorithm, publicKey)) {
            throw new IllegalArgumentException(
                    "signer key for " + signerKey.name + " has a key ID that does not match its key");
        }
    }

    private static Decoded decode(String s, String what, boolean isPublic) {
        int plus1 = s.indexOf('+');
        int plus2 = plus1 < 0 ? -1 : s.indexOf('+', plus1 + 1);
        if (plus2 < 0) {
            throw new IllegalArgumentException(
                    "malformed " + what + ": expected <name>+<key ID>+<base64 key>");
        }
        String name = s.substring(0, plus1);
        if (!NoteSyntax.isValidKeyName(name)) {
            throw new IllegalArgumentException("malformed " + what + ": invalid key name");
        }
        String hex = s.substring(plus1 + 1, plus2);
        if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80)) {
            throw new IllegalArgumentException("malformed " + what + " for " + name + ": key ID is not 8 hex digits");
        }
        byte[] material = NoteSyntax.decodeBase64(s.substring(plus2 + 1));
        if (material == null) {
            throw new IllegalArgumentException("malformed " + what + " for " + name + ": key is not canonical base64");
        }
        NoteAlgorithm algorithm = NoteAlgorithm.identify(material);
        if (algorithm == null) {
            throw new IllegalArgumentException(String.format(
                    "%s for %s has unsupported signature type 0x%02x", what, name, material[0] & 0xff));
        }
        byte[] key = Arrays.copyOfRange(material, algorithm.typeId().length, material.length);
        int expected = isPublic ? algorithm.publicKeyLength : algorithm.privateKeyLength;
        if (key.length != expected) {
            throw new IllegalArgumentException(String.format(
                    "%s for %s has a %d-byte key, expected %d for %s", what, name, key.length, expected, algorithm));
        }
        return new Decoded(name, Long.parseLong(hex, 16), algorithm, key);
    }
}
