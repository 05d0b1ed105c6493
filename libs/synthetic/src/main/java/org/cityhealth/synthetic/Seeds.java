package org.cityhealth.synthetic;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from the city seed. Every resident draws from streams keyed by
 * (seed, index, purpose) alone, so any resident can be regenerated without generating the ones before it: this is what
 * keeps memory flat and lets NDJSON export revisit residents in several passes.
 */
final class Seeds {

    /** Purposes of the random streams; a new purpose never shifts the numbers of an existing one. */
    enum Stream {
        DEMOGRAPHICS(0x5DEECE66DL), CARE(0x2545F4914F6CDD1DL), HISTORY(0x9E3779B97F4A7C15L), UUID(0xC2B2AE3D27D4EB4FL),
        CITY(0x165667B19E3779F9L), FLU(0x27D4EB2F165667C5L), IDENTITY(0xD6E8FEB86659FD93L),
                SOURCE_VIEW(0xFF51AFD7ED558CCDL),
        PRACTITIONER(0xC4CEB9FE1A85EC53L),
        /** Identity noise (typos, twins, name changes…): its own stream so that noise never moves the clean city. */
        NOISE(0xA0761D6478BD642FL);

        final long salt;

        Stream(long salt) {
            this.salt = salt;
        }
    }

    private Seeds() {
    }

    /** SplitMix64's finaliser: a bijective mix with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long derive(long seed, Stream stream, long a) {
        return mix(mix(seed ^ stream.salt) + mix(a + 0x632BE59BD9B4E019L));
    }

    static long derive(long seed, Stream stream, long a, long b) {
        return mix(derive(seed, stream, a) ^ mix(b * 0x9E3779B97F4A7C15L + 0x7F4A7C159E3779B9L));
    }

    static SplittableRandom random(long seed, Stream stream, long a) {
        return new SplittableRandom(derive(seed, stream, a));
    }

    static SplittableRandom random(long seed, Stream stream, long a, long b) {
        return new SplittableRandom(derive(seed, stream, a, b));
    }

    /** A uniform number in [0, 1) fixed by the key, for one-off decisions that must not consume a stream. */
    static double unit(long seed, Stream stream, long a, long b) {
        return (derive(seed, stream, a, b) >>> 11) * 0x1.0p-53;
    }

    /** A version-4-shaped UUID fixed by the key, formatted in lower case. */
    static String uuid(long seed, long a, long b) {
        long hi = derive(seed, Stream.UUID, a, b);
        long lo = derive(seed, Stream.UUID, ~a, b);
        hi = (hi & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        hex(hi >>> 32, 8, out, 0);
        out[8] = '-';
        hex(hi >>> 16, 4, out, 9);
        out[13] = '-';
        hex(hi, 4, out, 14);
        out[18] = '-';
        hex(lo >>> 48, 4, out, 19);
        out[23] = '-';
        hex(lo, 12, out, 24);
        return new String(out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void hex(long value, int digits, char[] out, int offset) {
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
