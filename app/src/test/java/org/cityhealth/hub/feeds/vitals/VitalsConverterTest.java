package org.cityhealth.hub.feeds.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.ingest.DeviceFeedConverter;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.DeviceObservations;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class VitalsConverterTest {

    private static final String PERSON = VitalsPublisher.residentId(7);
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Source WARD = new Source(1, "WARD3", "Ward 3", null, null, "HOSPITAL", Instant.EPOCH);

    private final VitalsConverter converter = new VitalsConverter(new FhirJson(MAPPER, Set.of(), null),
            new VitalsSettings("", "hub", "", "", "cityhealth/vitals/#", 2000, Duration.ofMillis(200), 1, "MQTT-GATEWAY", VitalsSettings.Ranges.adult()));

    @Test
    void convertsEachOfTheFiveSignsWithItsLoincCodeAndUnit() {
        DeviceFeedConverter.Conversion conversion = convert(line("""
                [{"device":"MON-301-07","person":"%1$s","time":"2026-11-24T08:00:00+08:00","type":"heart-rate","value":72,"unit":"/min"},
                 {"device":"MON-301-07","person":"%1$s","time":"2026-11-24T08:00:00+08:00","type":"spo2","value":97,"unit":"%%"},
                 {"device":"MON-301-07","person":"%1$s","time":"2026-11-24T08:00:00+08:00","type":"blood-pressure","value":{"systolic":120,"diastolic":80},"unit":"mm[Hg]"},
                 {"device":"MON-301-07","person":"%1$s","time":"2026-11-24T08:00:00+08:00","type":"temperature","value":36.6,"unit":"Cel"},
                 {"device":"MON-301-07","person":"%1$s","time":"2026-11-24T08:00:00+08:00","type":"respiration","value":16}]
                """.formatted(PERSON)));

        assertThat(conversion.patients().path("type").asText()).isEqualTo("transaction");
        List<JsonNode> observations = observations(conversion);
        assertThat(observations).extracting(o -> o.path("code").path("coding").get(0).path("code").asText())
                .containsExactly("8867-4", "59408-5", "85354-9", "8310-5", "9279-1");
        assertThat(observations.get(1).path("code").path("coding").get(1).path("code").asText()).isEqualTo("2708-6");
        assertThat(observations).extracting(o -> o.path("valueQuantity").path("code").asText())
                .containsExactly("/min", "%", "", "Cel", "/min");
        assertThat(observations.get(3).path("valueQuantity").path("value").decimalValue()).isEqualByComparingTo("36.6");
        JsonNode first = observations.get(0);
        assertThat(first.path("category").get(0).path("coding").get(0).path("code").asText()).isEqualTo("vital-signs");
        assertThat(first.path("device").path("display").asText()).isEqualTo("MON-301-07");
        assertThat(first.path("effectiveDateTime").asText()).isEqualTo("2026-11-24T08:00:00+08:00");
        assertThat(first.path("status").asText()).isEqualTo("final");
        assertThat(observations).allSatisfy(o -> assertThat(o.has("interpretation")).as("all in range").isFalse());
    }

    @Test
    void bloodPressureHasSystolicAndDiastolicComponents() {
        JsonNode bp = observations(convert(line(reading("blood-pressure", "{\"systolic\":150,\"diastolic\":85}")))).get(0);

        assertThat(bp.has("valueQuantity")).isFalse();
        JsonNode components = bp.path("component");
        assertThat(components).hasSize(2);
        assertThat(components.get(0).path("code").path("coding").get(0).path("code").asText()).isEqualTo("8480-6");
        assertThat(components.get(0).path("valueQuantity").path("value").intValue()).isEqualTo(150);
        assertThat(components.get(0).path("valueQuantity").path("unit").asText()).isEqualTo("mm[Hg]");
        assertThat(flag(components.get(0))).isEqualTo("H");
        assertThat(components.get(1).path("code").path("coding").get(0).path("code").asText()).isEqualTo("8462-4");
        assertThat(components.get(1).has("interpretation")).isFalse();
        assertThat(flag(bp)).isEqualTo("H");
    }

    @Test
    void flagsValuesOutsideTheAdultRanges() {
        assertThat(flagOf("heart-rate", "59")).isEqualTo("L");
        assertThat(flagOf("heart-rate", "101")).isEqualTo("H");
        assertThat(flagOf("heart-rate", "39")).isEqualTo("LL");
        assertThat(flagOf("heart-rate", "131")).isEqualTo("HH");
        assertThat(flagOf("heart-rate", "100")).isNull();
        assertThat(flagOf("spo2", "94")).isEqualTo("L");
        assertThat(flagOf("spo2", "89")).isEqualTo("LL");
        assertThat(flagOf("spo2", "100")).isNull();
        assertThat(flagOf("temperature", "37.4")).isEqualTo("H");
        assertThat(flagOf("temperature", "35.9")).isEqualTo("L");
        assertThat(flagOf("respiration", "11")).isEqualTo("L");
        assertThat(flagOf("respiration", "21")).isEqualTo("H");
        assertThat(flagOf("blood-pressure", "{\"systolic\":85,\"diastolic\":95}")).isEqualTo("L");
    }

    @Test
    void linksAPersonThroughOneConditionalPatientPerBatch() {
        DeviceFeedConverter.Conversion conversion = convert(line(reading("heart-rate", "70")) + line(reading("spo2", "98"))
                + line(reading("temperature", "36.8").replace(PERSON, VitalsPublisher.residentId(8))));

        List<JsonNode> patients = new ArrayList<>();
        conversion.patients().path("entry").forEach(patients::add);
        assertThat(patients).hasSize(2).allSatisfy(entry -> assertThat(entry.path("request").path("url").asText()).isEqualTo("Patient"));
        JsonNode patient = patients.get(0);
        assertThat(patient.path("request").path("method").asText()).isEqualTo("POST");
        assertThat(patient.path("request").path("ifNoneExist").asText()).isEqualTo("identifier=" + ResidentIdentifiers.SYSTEM + "|" + PERSON);
        assertThat(patient.path("resource").path("identifier").get(0).path("value").asText()).isEqualTo(PERSON);
        List<JsonNode> observations = observations(conversion);
        assertThat(observations.get(0).path("subject").path("reference").asText()).isEqualTo(patient.path("fullUrl").asText());
        assertThat(observations.get(1).path("subject").path("reference").asText()).isEqualTo(patient.path("fullUrl").asText());
        assertThat(observations.get(2).path("subject").path("reference").asText()).isEqualTo(patients.get(1).path("fullUrl").asText());
    }

    @Test
    void namesASourcePatientDirectlyAndGivesEachReadingAStableId() {
        String payload = """
                {"device":"MON-1","patient":{"source":"WARD3","id":"MRN123"},"time":"2026-11-24T08:00:00+08:00","type":"heart-rate","value":72}""";
        DeviceFeedConverter.Conversion conversion = convert(line(payload));

        assertThat(conversion.patients()).as("no Patient to create").isNull();
        DeviceFeedConverter.DeviceReading reading = conversion.readings().get(0);
        assertThat(reading.subject()).isEqualTo("Patient/MRN123");
        assertThat(observation(reading).path("subject").path("reference").asText()).isEqualTo("Patient/MRN123");
        assertThat(reading.sourceId()).matches("[0-9a-f]{40}");
        assertThat(reading.location()).isEqualTo("line 1");
        // The same instant written in another offset is the same reading.
        DeviceFeedConverter.DeviceReading again = convert(line(payload.replace("2026-11-24T08:00:00+08:00", "2026-11-24T00:00:00Z"))).readings().get(0);
        assertThat(again.sourceId()).isEqualTo(reading.sourceId());
        // What goes through the resource path (crash recovery, re-derivation) is the Patients only: here none.
        assertThat(converter.toBundle(WARD, line(payload).getBytes(StandardCharsets.UTF_8), VitalsConverter.CONTENT_TYPE).path("entry")).isEmpty();
    }

    @Test
    void storesAReadingSentTwiceInOneBatchOnce() {
        DeviceFeedConverter.Conversion conversion = convert(line(reading("heart-rate", "70")) + line(reading("heart-rate", "70")));

        assertThat(observations(conversion)).hasSize(1);
    }

    /** Makers name fields, signs and units their own way and keep local or Unix times: each reads as the documented form. */
    @Test
    void readsOtherMakersSpellingsAsTheDocumentedReading() {
        String documented = "[" + String.join(",", reading("heart-rate", "72"), reading("spo2", "97"),
                reading("blood-pressure", "{\"systolic\":120,\"diastolic\":80}"), reading("temperature", "36.6"), reading("respiration", "16")) + "]";
        String time = "\"time\":\"2026-11-24T08:00:00+08:00\"";
        String others = "[" + String.join(",",
                reading("heart-rate", "72").replace("\"type\":\"heart-rate\"", "\"type\":\"HR\"").replace("\"/min\"", "\"bpm\"")
                        .replace("\"device\":", "\"deviceId\":"),
                reading("spo2", "97").replace("\"type\":\"spo2\"", "\"type\":\"SpO2\"").replace(time, "\"time\":1795478400000"),
                reading("blood-pressure", "\"120/80\"").replace("\"type\":\"blood-pressure\"", "\"type\":\"NIBP\"")
                        .replace("\"mm[Hg]\"", "\"mmHg\"").replace(time, "\"timestamp\":\"2026-11-24 08:00:00\""),
                reading("temperature", "97.9").replace("\"type\":\"temperature\"", "\"type\":\"8310-5\"").replace("\"Cel\"", "\"°F\"")
                        .replace(time, "\"ts\":1795478400"),
                reading("respiration", "16").replace("\"type\":\"respiration\"", "\"type\":\"respiratoryRate\"")
                        .replace("\"/min\"", "\"breaths/min\"").replace(time, "\"measuredAt\":\"2026-11-24T08:00:00+08:00\"")) + "]";

        List<JsonNode> read = observations(convert(line(others)));
        assertThat(bodies(convert(line(others)))).as("the stored bodies, byte for byte").isEqualTo(bodies(convert(line(documented))));
        assertThat(convert(line(others)).readings()).extracting(DeviceFeedConverter.DeviceReading::sourceId)
                .isEqualTo(convert(line(documented)).readings().stream().map(DeviceFeedConverter.DeviceReading::sourceId).toList());
        assertThat(read.get(3).path("valueQuantity").path("value").decimalValue()).as("97.9 °F").isEqualByComparingTo("36.6");
    }

    @Test
    void refusesMalformedMessagesNamingWhatIsWrong() {
        assertRefused(line("not json"), "line 1 payload", "not JSON");
        assertRefused(line(reading("heart-rate", "\"72\"")), "line 1 payload.value", "value must be a number");
        assertRefused(line(reading("glucose", "5")), "line 1 payload.type", "unknown type glucose");
        assertRefused(line(reading("heart-rate", "72").replace("\"device\":\"MON-301-07\",", "")), "line 1 payload.device", "device is required");
        assertRefused(line(reading("heart-rate", "72").replace(PERSON, "110101199001011234")), "line 1 payload.person", "not a valid resident ID");
        assertRefused(line(reading("heart-rate", "72").replace("2026-11-24T08:00:00+08:00", "24/11/2026 08:00")), "line 1 payload.time", "ISO 8601");
        assertRefused(line(reading("temperature", "36.6").replace("\"Cel\"", "\"kg\"")), "line 1 payload.unit", "must be Cel");
        assertRefused(line(reading("heart-rate", "72").replace("\"/min\"", "\"%\"")), "line 1 payload.unit", "must be /min");
        assertRefused(line(reading("blood-pressure", "\"120-80\"")), "line 1 payload.value", "120/80");
        assertRefused(line(reading("blood-pressure", "120")), "line 1 payload.value", "systolic");
        assertRefused(line(reading("heart-rate", "72")) + line("[" + reading("heart-rate", "73") + ",{}]"), "line 2 payload[1].device",
                "device is required");
        assertRefused(lineOn("cityhealth/vitals/OTHER/MON-1", reading("heart-rate", "72")), "line 1 topic", "not the sender WARD3");
        assertRefused(line("""
                {"device":"MON-1","patient":{"source":"HOSP","id":"MRN123"},"time":"2026-11-24T08:00:00+08:00","type":"heart-rate","value":72}"""),
                "line 1 payload.patient.source", "patient of source HOSP sent by source WARD3");
    }

    @Test
    void writesObservationsThatHapiReadsStrictlyAndWritesTheSame() {
        String lines = line(reading("heart-rate", "131")) + line(reading("blood-pressure", "{\"systolic\":150,\"diastolic\":85}"))
                + line(reading("spo2", "97")) + line(reading("temperature", "36.6"));
        IParser hapi = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        for (DeviceFeedConverter.DeviceReading reading : convert(lines).readings()) {
            String ours = new String(json(reading, Instant.parse("2026-11-24T00:00:01Z"), "Patient/p-1"), StandardCharsets.UTF_8);
            Observation parsed = hapi.parseResource(Observation.class, ours);
            assertThat(parsed.getSubject().getReference()).isEqualTo("Patient/p-1");
            assertThat(parsed.getMeta().getVersionId()).isEqualTo("1");
            // HAPI writes elements in the specification's order: the same string means ours are in that order too.
            assertThat(hapi.encodeResourceToString(parsed)).as(reading.code()).isEqualTo(ours);
        }
    }

    @Test
    void convertsMessagesReadAlreadyAsItConvertsTheirBytes() {
        String[] payloads = {reading("heart-rate", "72"), "[" + reading("spo2", "97") + "," + reading("respiration", "16") + "]",
                reading("heart-rate", "72"), reading("blood-pressure", "{\"systolic\":120,\"diastolic\":80}"),
                """
                {"device":"MON-1","patient":{"source":"WARD3","id":"MRN123"},"time":"2026-11-24T08:00:01.250Z","type":"temperature","value":37.9}"""};
        StringBuilder lines = new StringBuilder();
        List<VitalsConverter.Message> read = new ArrayList<>();
        for (String payload : payloads) {
            lines.append(line(payload));
            read.add(new VitalsConverter.Message(read.size() + 1, VitalsMessages.readings(MAPPER, "WARD3", payload.getBytes(StandardCharsets.UTF_8))));
        }
        DeviceFeedConverter.Conversion fromBytes = convert(lines.toString());
        DeviceFeedConverter.Conversion fromRead = converter.convert(read);

        assertThat(fromRead.patients()).isEqualTo(fromBytes.patients());
        assertThat(fromRead.readings()).hasSize(5);
        for (int i = 0; i < fromBytes.readings().size(); i++) {
            DeviceFeedConverter.DeviceReading bytes = fromBytes.readings().get(i);
            DeviceFeedConverter.DeviceReading again = fromRead.readings().get(i);
            assertThat(again).usingRecursiveComparison().ignoringFields("body").isEqualTo(bytes);
            assertThat(observation(again)).isEqualTo(observation(bytes));
        }
    }

    @Test
    void readsTheSourceFromTheTopicsLevelBeforeTheDevice() {
        assertThat(VitalsMessages.sourceCode("cityhealth/vitals/WARD3/MON-301-07")).isEqualTo("WARD3");
        assertThat(VitalsMessages.sourceCode("WARD3/MON-1")).isEqualTo("WARD3");
        for (String topic : new String[] {"MON-1", "/MON-1", "cityhealth/vitals/WARD3/", "cityhealth/vitals//MON-1", "cityhealth/vitals/WARD3//"}) {
            assertThatThrownBy(() -> VitalsMessages.sourceCode(topic)).as(topic).isInstanceOfSatisfying(IngestException.class,
                    e -> assertThat(e.location()).isEqualTo("topic"));
        }
    }

    private void assertRefused(String lines, String location, String reason) {
        assertThatThrownBy(() -> convert(lines)).isInstanceOfSatisfying(IngestException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.location()).isEqualTo(location);
            assertThat(e.getMessage()).contains(reason);
        });
    }

    private String flagOf(String type, String value) {
        return flag(observations(convert(line(reading(type, value)))).get(0));
    }

    private static String flag(JsonNode node) {
        return node.has("interpretation") ? node.path("interpretation").get(0).path("coding").get(0).path("code").asText() : null;
    }

    private DeviceFeedConverter.Conversion convert(String lines) {
        return converter.convert(WARD, lines.getBytes(StandardCharsets.UTF_8), VitalsConverter.CONTENT_TYPE);
    }

    private static List<JsonNode> observations(DeviceFeedConverter.Conversion conversion) {
        return conversion.readings().stream().map(VitalsConverterTest::observation).toList();
    }

    private static List<String> bodies(DeviceFeedConverter.Conversion conversion) {
        return conversion.readings().stream()
                .map(reading -> new String(json(reading, Instant.EPOCH, reading.subject()), StandardCharsets.UTF_8)).toList();
    }

    /** The reading's Observation as the hub stores it, its subject as sent. */
    private static JsonNode observation(DeviceFeedConverter.DeviceReading reading) {
        try {
            return MAPPER.readTree(json(reading, Instant.EPOCH, reading.subject()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Observation the store serves of the reading (its form rendering the values the converter kept). */
    private static byte[] json(DeviceFeedConverter.DeviceReading reading, Instant lastUpdated, String subject) {
        assertThat(reading.form()).isEqualTo(VitalsForm.NAME);
        try {
            return DeviceObservations.observation(new VitalsForm(), "obs-1", lastUpdated, "#WARD3", subject, MAPPER.readTree(reading.values()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String reading(String type, String value) {
        String unit = switch (type) {
            case "spo2" -> "%";
            case "blood-pressure" -> "mm[Hg]";
            case "temperature" -> "Cel";
            default -> "/min";
        };
        return "{\"device\":\"MON-301-07\",\"person\":\"" + PERSON + "\",\"time\":\"2026-11-24T08:00:00+08:00\",\"type\":\"" + type
                + "\",\"value\":" + value + ",\"unit\":\"" + unit + "\"}";
    }

    private static String line(String payload) {
        return lineOn("cityhealth/vitals/WARD3/MON-301-07", payload);
    }

    private static String lineOn(String topic, String payload) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("topic", topic);
        line.put("payload", payload);
        return line + "\n";
    }
}
