package org.cityhealth.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The hub's resource ids. A resource a source names ({@code Patient/123} from source H001) gets an id
 * derived from (source, type, source id): resending it finds the same hub resource without a lookup
 * table, references between a source's resources can be rewritten in any order, and two sources'
 * {@code Patient/123} never collide. Ids are 26 lower-case base-32 characters (128 bits).
 */
final class HubIds {

    /** FHIR R4 id syntax. */
    static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private HubIds() {
    }

    static String forSource(String sourceCode, String type, String sourceId) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((sourceCode + '\u0000' + type + '\u0000' + sourceId).getBytes(StandardCharsets.UTF_8));
            return encode(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return encode(bytes);
    }

    /** Base-32 of the first 128 bits. */
    private static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < 16; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
