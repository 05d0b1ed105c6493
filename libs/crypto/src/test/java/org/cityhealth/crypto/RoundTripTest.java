package org.cityhealth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import org.cityhealth.store.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundTripTest {

    private static final int SEGMENT = EncryptingObjectStore.DEFAULT_SEGMENT_SIZE;

    @TempDir
    Path dir;

    /** The boundary sizes of the default 64 KiB segments, and a multi-segment object that ends mid-segment. */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void boundarySizesRoundTrip(Algorithm algorithm) throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, algorithm, SEGMENT);
        Random random = new Random(1);
        for (int size : new int[] {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 2 * SEGMENT, 3 * 1024 * 1024 + 17}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            String key = "src" + size + "/object";
            assertThat(stack.encrypted().put(key, data)).isEqualTo(size);
            assertThat(Fixtures.readAll(stack.encrypted(), key)).isEqualTo(data);
            assertThat(stack.encrypted().size(key)).contains((long) size);
            long segments = Math.max(1, Math.ceilDiv(size, SEGMENT));
            long headerLength = 38 + key.indexOf('/');
            assertThat(stack.data().size(key)).contains(headerLength + size + 16 * segments);
        }
    }

    /**
     * Random sizes around random small segment sizes, read back in random chunk sizes: the segment arithmetic
     * of writer, reader and {@code size} agree at every boundary.
     */
    @Test
    void randomSizesAndSegmentSizesRoundTrip() {
        qt().withExamples(300).forAll(integers().between(16, 300), integers().between(0, 8), integers().between(-2, 2),
                        integers().all())
                .checkAssert((segmentSize, segments, offset, seed) -> {
                    Algorithm algorithm = Algorithm.values()[Math.floorMod(seed, 2)];
                    int size = Math.max(0, segments * segmentSize + offset);
                    byte[] data = new byte[size];
                    Random random = new Random(seed);
                    random.nextBytes(data);
                    try {
                        Path root = Files.createTempDirectory(dir, "qt");
                        ObjectStore store = Fixtures.memoryStack(root, algorithm, segmentSize).encrypted();
                        store.put("owner/k", data);
                        assertThat(store.size("owner/k")).contains((long) size);
                        assertThat(readInRandomChunks(store, "owner/k", random)).isEqualTo(data);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    /**
     * 48 MiB streamed in and out without ever existing as one array; compared by digest. With 64 KiB segments
     * the writer and the reader each hold about two segments, whatever the size.
     */
    @Test
    void largeObjectStreams() throws IOException, NoSuchAlgorithmException {
        ObjectStore store = Fixtures.stack(dir, Algorithm.AES_256_GCM, SEGMENT).encrypted();
        long size = 48L * 1024 * 1024 + 5;
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        assertThat(store.put("big/object", new DigestInputStream(new PseudoRandomStream(size, 99), written))).isEqualTo(size);
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(store.get("big/object"), read)) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
        }
        assertThat(read.digest()).isEqualTo(written.digest());
        assertThat(store.size("big/object")).contains(size);
    }

    @Test
    void storedBytesDoNotContainThePlaintext() throws IOException {
        Fixtures.Stack stack = Fixtures.stack(dir, Algorithm.SM4_GCM, SEGMENT);
        byte[] data = "Zhang San, 110101199003070000, diagnosis E11.9 type 2 diabetes".repeat(50).getBytes();
        stack.encrypted().put("hospital-a/record", data);
        String stored = new String(Fixtures.readAll(stack.data(), "hospital-a/record"), StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain("Zhang").doesNotContain("110101").doesNotContain("diabetes");
    }

    private static byte[] readInRandomChunks(ObjectStore store, String key, Random random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = store.get(key)) {
            while (true) {
                if (random.nextInt(4) == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                } else {
                    byte[] buffer = new byte[1 + random.nextInt(700)];
                    int n = in.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                }
            }
        }
        return out.toByteArray();
    }

    /** {@code size} deterministic pseudo-random bytes, produced on demand. */
    private static final class PseudoRandomStream extends InputStream {
        private final Random random;
        private long left;

        PseudoRandomStream(long size, long seed) {
            this.left = size;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            byte[] chunk = new byte[n];
            random.nextBytes(chunk);
            System.arraycopy(chunk, 0, buffer, offset, n);
            left -= n;
            return n;
        }
    }
}
