package org.cityhealth.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whatever is done to the stored bytes, reading fails with {@link IntegrityException}, and what was read
 * before the failure is a verified prefix of the plaintext: whole segments that precede the damage.
 */
class TamperingTest {

    /** Small segments so that an object of a few hundred bytes crosses many boundaries. */
    private static final int SEGMENT = 64;
    private static final int SEALED_SEGMENT = SEGMENT + 16;
    private static final String KEY = "lab-7/results/2024.bin";
    private static final int HEADER = 38 + "lab-7".length();

    @TempDir
    Path temporary;

    private Fixtures.Stack stack;
    private byte[] plaintext;
    private byte[] stored;

    private void setUp(Algorithm algorithm, int size) throws IOException {
        stack = Fixtures.memoryStack(Files.createTempDirectory(temporary, "stack"), algorithm, SEGMENT);
        plaintext = new byte[size];
        new Random(size).nextBytes(plaintext);
        stack.encrypted().put(KEY, plaintext);
        stored = Fixtures.readAll(stack.data(), KEY);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyFlippedBitInHeaderOrBodyIsDetected(Algorithm algorithm) throws IOException {
        setUp(algorithm, 5 * SEGMENT + 10);
        for (int i = 0; i < stored.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] altered = stored.clone();
                altered[i] ^= (byte) (1 << bit);
                assertDetected(altered, "bit " + bit + " of byte " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyTruncationIsDetected(Algorithm algorithm) throws IOException {
        setUp(algorithm, 5 * SEGMENT + 10);
        // Every length, so every segment boundary (HEADER + k × SEALED_SEGMENT) among them.
        for (int length = 0; length < stored.length; length++) {
            assertDetected(Arrays.copyOf(stored, length), "truncated to " + length);
        }
    }

    /** An object whose plaintext fills its segments exactly: cutting a whole last segment off is the classic attack. */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void truncationAtSegmentBoundaryOfExactMultipleIsDetected(Algorithm algorithm) throws IOException {
        setUp(algorithm, 4 * SEGMENT);
        for (int segments = 0; segments < 4; segments++) {
            assertDetected(Arrays.copyOf(stored, HEADER + segments * SEALED_SEGMENT), "cut after " + segments + " segments");
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void swappedDuplicatedOrDroppedSegmentsAreDetected(Algorithm algorithm) throws IOException {
        setUp(algorithm, 5 * SEGMENT + 10);
        int full = 5;
        for (int i = 0; i < full; i++) {
            for (int j = i + 1; j < full; j++) {
                assertDetected(swap(stored, i, j), "segments " + i + " and " + j + " swapped");
            }
            assertDetected(dropSegment(stored, i), "segment " + i + " dropped");
            assertDetected(duplicateSegment(stored, i), "segment " + i + " duplicated");
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void appendedBytesAreDetected(Algorithm algorithm) throws IOException {
        for (int size : new int[] {0, 10, SEGMENT, 3 * SEGMENT}) {
            setUp(algorithm, size);
            byte[] lastSegment = Arrays.copyOfRange(stored, Math.max(HEADER, stored.length - SEALED_SEGMENT), stored.length);
            for (byte[] extra : new byte[][] {{0}, new byte[16], new byte[SEALED_SEGMENT], lastSegment}) {
                assertDetected(concat(stored, extra), "size " + size + " with " + extra.length + " bytes appended");
            }
        }
    }

    @Test
    void objectCopiedToAnotherKeyIsDetected() throws IOException {
        setUp(Algorithm.AES_256_GCM, 3 * SEGMENT);
        stack.data().put("lab-7/results/2025.bin", stored);
        assertThatThrownBy(() -> Fixtures.readAll(stack.encrypted(), "lab-7/results/2025.bin"))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("failed authentication at segment 0");
    }

    @Test
    void headerOfOneObjectWithBodyOfAnotherIsDetected() throws IOException {
        setUp(Algorithm.SM4_GCM, 3 * SEGMENT);
        stack.encrypted().put("lab-7/other", plaintext);
        byte[] other = Fixtures.readAll(stack.data(), "lab-7/other");
        byte[] spliced = concat(Arrays.copyOf(other, HEADER), Arrays.copyOfRange(stored, HEADER, stored.length));
        stack.data().put("lab-7/other", spliced);
        assertThatThrownBy(() -> Fixtures.readAll(stack.encrypted(), "lab-7/other")).isInstanceOf(IntegrityException.class);
    }

    @Test
    void plaintextThatIsNotEncryptedIsRefused() throws IOException {
        setUp(Algorithm.AES_256_GCM, 0);
        stack.data().put(KEY, "just some text that was never encrypted".getBytes());
        assertThatThrownBy(() -> Fixtures.readAll(stack.encrypted(), KEY))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("bad magic");
    }

    /** The same, sampled at random over sizes, positions and segment counts, for both algorithms. */
    @Test
    void randomDamageIsAlwaysDetected() {
        qt().withExamples(150).forAll(integers().between(0, 6 * SEGMENT), integers().allPositive(), integers().between(0, 2),
                        integers().all())
                .checkAssert((size, position, kind, seed) -> {
                    try {
                        setUp(Algorithm.values()[Math.floorMod(seed, 2)], size);
                        int at = position % stored.length;
                        byte[] damaged = switch (kind) {
                            case 0 -> {
                                byte[] altered = stored.clone();
                                altered[at] ^= (byte) (1 + Math.floorMod(seed, 255));
                                yield altered;
                            }
                            case 1 -> Arrays.copyOf(stored, at);
                            default -> concat(stored, Arrays.copyOf(stored, 1 + at % 40));
                        };
                        assertDetected(damaged, "kind " + kind + " at " + at);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    private void assertDetected(byte[] damaged, String what) throws IOException {
        stack.data().put(KEY, damaged);
        Fixtures.Partial partial = Fixtures.readUntilFailure(stack.encrypted(), KEY);
        assertThat(partial.failure()).as(what).isInstanceOf(IntegrityException.class);
        assertThat(partial.failure().getMessage()).as(what).contains(KEY);
        // Only whole verified segments, from the start, were released.
        assertThat(partial.bytes().length % SEGMENT).as(what).isZero();
        assertThat(partial.bytes()).as(what).isEqualTo(Arrays.copyOf(plaintext, partial.bytes().length));
    }

    private static byte[] segment(byte[] object, int index) {
        int start = HEADER + index * SEALED_SEGMENT;
        return Arrays.copyOfRange(object, start, start + SEALED_SEGMENT);
    }

    private static byte[] swap(byte[] object, int i, int j) {
        byte[] out = object.clone();
        System.arraycopy(segment(object, j), 0, out, HEADER + i * SEALED_SEGMENT, SEALED_SEGMENT);
        System.arraycopy(segment(object, i), 0, out, HEADER + j * SEALED_SEGMENT, SEALED_SEGMENT);
        return out;
    }

    private static byte[] dropSegment(byte[] object, int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = HEADER + index * SEALED_SEGMENT;
        out.write(object, 0, start);
        out.write(object, start + SEALED_SEGMENT, object.length - start - SEALED_SEGMENT);
        return out.toByteArray();
    }

    private static byte[] duplicateSegment(byte[] object, int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int end = HEADER + (index + 1) * SEALED_SEGMENT;
        out.write(object, 0, end);
        out.writeBytes(segment(object, index));
        out.write(object, end, object.length - end);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
