package org.cityhealth.hub.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.cityhealth.hub.ingest.IngestException;
import org.junit.jupiter.api.Test;

/** Damaged messages: the converter returns a Bundle or refuses with an {@link IngestException}, never anything else. */
class Hl7v2ConverterPropertyTest {

    private static final List<String> FIXTURES = List.of("adt_a01_v23.hl7", "adt_a03_v24.hl7", "adt_a04_v251.hl7", "adt_a11_v24.hl7",
            "adt_a40_v251.hl7", "oru_r01_v251.hl7", "oru_r01_v23_gb18030.hl7", "orm_o01_v23.hl7", "omg_o19_v251.hl7", "mdm_t02_v24.hl7",
            "mdm_t10_v251.hl7", "rde_o11_v24.hl7", "rds_o13_v251.hl7", "vxu_v04_v251.hl7");
    /** Bytes that matter to HL7: delimiters, segment ends, MLLP framing, digits, a multi-byte character's parts. */
    private static final byte[] INTERESTING = "|^~\\&\r\n\u000b\u001c0123456789.+-<>: AZ".getBytes(StandardCharsets.ISO_8859_1);

    private final Hl7v2Converter converter = new Hl7v2Converter(new ObjectMapper());

    @Test
    void anyMutationOrTruncationGivesABundleOrAnIngestException() {
        qt().withExamples(3000).forAll(integers().between(0, FIXTURES.size() - 1), integers().between(0, Integer.MAX_VALUE))
                .checkAssert((fixture, seed) -> {
                    byte[] mutated = mutate(Hl7Fixtures.bytes(FIXTURES.get(fixture), Hl7v2ConverterTest.SOURCE.code()), new Random(seed));
                    try {
                        JsonNode bundle = converter.toBundle(Hl7v2ConverterTest.SOURCE, mutated, Hl7Text.MEDIA_TYPE);
                        assertThat(bundle.path("type").asText()).isEqualTo("transaction");
                        bundle.path("entry").forEach(entry -> assertThat(entry.path("resource").path("id").asText()).matches("[A-Za-z0-9\\-.]{1,64}"));
                    } catch (IngestException e) {
                        assertThat(e.status()).isIn(400, 422);
                        assertThat(e.getMessage()).isNotBlank();
                    }
                });
    }

    /** One to five edits: truncation, deletion, insertion or replacement of a byte or a run, at random places. */
    private static byte[] mutate(byte[] message, Random random) {
        byte[] bytes = message;
        for (int edits = 1 + random.nextInt(5); edits > 0 && bytes.length > 0; edits--) {
            int at = random.nextInt(bytes.length);
            byte value = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
            bytes = switch (random.nextInt(4)) {
                case 0 -> java.util.Arrays.copyOf(bytes, at);
                case 1 -> concat(java.util.Arrays.copyOf(bytes, at), java.util.Arrays.copyOfRange(bytes, Math.min(bytes.length, at + 1 + random.nextInt(20)), bytes.length));
                case 2 -> concat(concat(java.util.Arrays.copyOf(bytes, at), new byte[] {value}), java.util.Arrays.copyOfRange(bytes, at, bytes.length));
                default -> {
                    byte[] copy = bytes.clone();
                    copy[at] = value;
                    yield copy;
                }
            };
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
