package org.cityhealth.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cold archive's NDJSON gives back every body byte for byte, and refuses any line that was altered. */
class ArchiveFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anyBodiesRoundTripExactly() {
        qt().withExamples(300).forAll(lists().of(strings().allPossible().ofLengthBetween(0, 40)).ofSizeBetween(1, 8), integers().between(0, 2))
                .checkAssert((texts, style) -> {
                    List<ArchivedRecord> records = new ArrayList<>();
                    for (int i = 0; i < texts.size(); i++) {
                        records.add(record("r" + i, body(texts.get(i), style)));
                    }
                    List<ArchivedRecord> back = ArchiveFormat.read(ArchiveFormat.write(records));
                    assertThat(back).hasSameSizeAs(records);
                    for (int i = 0; i < records.size(); i++) {
                        assertThat(back.get(i).body()).isEqualTo(records.get(i).body());
                        assertThat(back.get(i).key()).isEqualTo(records.get(i).key());
                        assertThat(back.get(i).lastUpdated()).isEqualTo(records.get(i).lastUpdated());
                    }
                });
    }

    @Test
    void everyLineIsValidNdjson() throws Exception {
        byte[] ndjson = ArchiveFormat.write(List.of(record("a", body("血压 120/80", 0)), record("b", "not json\nat all".getBytes(StandardCharsets.UTF_8))));
        for (String line : new String(ndjson, StandardCharsets.UTF_8).split("\n")) {
            assertThat(JSON.readTree(line).path("type").asText()).isEqualTo("Observation");
        }
    }

    @Test
    void anyAlteredByteIsRefused() {
        byte[] ndjson = ArchiveFormat.write(List.of(record("a", body("葡萄糖 5.6 mmol/L", 0)), record("b", body("x", 1))));
        qt().withExamples(200).forAll(integers().between(0, ndjson.length - 1), integers().between(1, 255)).checkAssert((index, flip) -> {
            byte[] damaged = ndjson.clone();
            damaged[index] ^= flip.byteValue();
            List<ArchivedRecord> read;
            try {
                read = ArchiveFormat.read(damaged);
            } catch (ArchiveDamagedException refused) {
                return;
            }
            // A change that leaves every body and its hash intact (e.g. in a field the hub does not keep) is harmless;
            // a changed body never passes.
            assertThat(read).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                    .containsExactly(new String(body("葡萄糖 5.6 mmol/L", 0), StandardCharsets.UTF_8), new String(body("x", 1), StandardCharsets.UTF_8));
        });
    }

    /** Found by the property above: a damaged newline joined two records, and the second was silently dropped. */
    @Test
    void twoRecordsJoinedOnOneLineAreRefused() {
        byte[] ndjson = ArchiveFormat.write(List.of(record("a", body("葡萄糖 5.6 mmol/L", 0)), record("b", body("x", 1))));
        int newline = new String(ndjson, StandardCharsets.ISO_8859_1).indexOf('\n');
        ndjson[newline] ^= 1;
        byte[] joined = ndjson;
        assertThatThrownBy(() -> ArchiveFormat.read(joined)).isInstanceOf(ArchiveDamagedException.class)
                .hasMessageContaining("line 1");
    }

    /** Found by the first property: bytes that start with '{' and end with '}' without being one JSON object. */
    @Test
    void bodiesThatOnlyLookLikeAnObjectRoundTrip() {
        List<ArchivedRecord> records = new ArrayList<>();
        for (String body : new String[] {"{\"note\":\"a},\"x\":\"b\"}", "{} {}", "{\"a\":1}}", "{\"a\":\"\u0001\"}", "{\"a\":[}"}) {
            records.add(record("r" + records.size(), body.getBytes(StandardCharsets.UTF_8)));
        }
        List<ArchivedRecord> back = ArchiveFormat.read(ArchiveFormat.write(records));
        assertThat(back).extracting(r -> new String(r.body(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(records.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList());
    }

    @Test
    void aCutArchiveIsRefused() {
        byte[] ndjson = ArchiveFormat.write(List.of(record("a", body("x", 0))));
        assertThatThrownBy(() -> ArchiveFormat.read(java.util.Arrays.copyOf(ndjson, ndjson.length - 1)))
                .isInstanceOf(ArchiveDamagedException.class).hasMessageContaining("cut short");
    }

    /** A FHIR-like body: compact JSON (style 0), with spaces (1), or an escaped newline in a string (2). */
    private static byte[] body(String text, int style) {
        try {
            String json = JSON.writeValueAsString(java.util.Map.of("resourceType", "Observation", "note", text));
            if (style == 1) {
                json = json.replace(",", ", ");
            } else if (style == 2) {
                json = json.replace("}", ",\"x\":\"a\\nb\"}");
            }
            return json.getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ArchivedRecord record(String id, byte[] body) {
        return new ArchivedRecord("Observation", id, 1, true, false, Instant.parse("2020-01-01T00:00:00Z"), 7, ArchiveFormat.sha256(body), body);
    }
}
