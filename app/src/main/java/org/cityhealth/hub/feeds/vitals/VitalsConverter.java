package org.cityhealth.hub.feeds.vitals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.ingest.DeviceFeedConverter;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.store.DeviceObservations;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.stereotype.Component;

/**
 * Converts a batch of MQTT vital-sign messages, kept in the vault as NDJSON lines {@code {"topic":…,"payload":…}},
 * into device readings: an Observation per reading whose id is derived from device, sign and instant (category
 * vital-signs, LOINC code, UCUM quantity, H/L/HH/LL by the configured ranges), and, once per person of the batch,
 * a conditional create of the sender's minimal Patient carrying the resident ID, which ingest links to the person
 * holding that ID. The same reading twice in a batch (a redelivery) is kept once, as first seen.
 */
@Component
class VitalsConverter implements DeviceFeedConverter {

    static final String CONTENT_TYPE = "application/x-ndjson";
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String CATEGORY = DeviceObservations.CATEGORY_SYSTEM;
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private static final Map<String, String> INTERPRETATION_DISPLAY = Map.of("L", "Low", "H", "High", "LL", "Critical low", "HH", "Critical high");

    private final FhirJson json;
    private final VitalsSettings settings;
    private final JsonNodeFactory nodes = JsonNodeFactory.withExactBigDecimals(true);

    VitalsConverter(FhirJson json, VitalsSettings settings) {
        this.json = json;
        this.settings = settings;
    }

    @Override
    public SubmissionFormat format() {
        return SubmissionFormat.VITALS_NDJSON;
    }

    /** The readings of one message, and where it is in the submission (its line). */
    record Message(int line, List<Reading> readings) {
    }

    @Override
    public Conversion convert(Source source, byte[] raw, String contentType) {
        List<Message> messages = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(raw), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    messages.add(new Message(lineNumber, messageReadings(source, line, "line " + lineNumber)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return convert(messages);
    }

    /**
     * The conversion of messages read already, the same as {@link #convert(Source, byte[], String)} of their NDJSON: the
     * subscriber reads each message once, to set the bad ones apart, and hands what it read over.
     */
    Conversion convert(List<Message> messages) {
        Map<String, String> patients = new LinkedHashMap<>();
        List<DeviceReading> observations = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Message message : messages) {
            String location = "line " + message.line();
            List<Reading> readings = message.readings();
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                String id = reading.observationId();
                if (seen.add(id)) {
                    observations.add(deviceReading(reading, id, readings.size() == 1 ? location : location + " reading " + (i + 1),
                            subjectReference(reading.subject(), patients)));
                }
            }
        }
        if (observations.isEmpty()) {
            throw new IngestException(400, "required", "message", "the submission holds no readings");
        }
        ObjectNode bundle = null;
        if (!patients.isEmpty()) {
            bundle = nodes.objectNode();
            bundle.put("resourceType", "Bundle");
            bundle.put("type", "transaction");
            ArrayNode entries = bundle.putArray("entry");
            patients.forEach((residentId, fullUrl) -> entries.add(patientEntry(residentId, fullUrl)));
        }
        return new Conversion(bundle, observations);
    }

    private List<Reading> messageReadings(Source source, String line, String location) {
        JsonNode message;
        try {
            message = json.mapper().readTree(line);
        } catch (IOException e) {
            throw new IngestException(400, "structure", location, "not a {\"topic\",\"payload\"} line");
        }
        String topic = message.path("topic").asText("");
        String payload = message.path("payload").asText(null);
        if (topic.isEmpty() || payload == null) {
            throw new IngestException(400, "required", location, "a line needs topic and payload");
        }
        try {
            String sender = VitalsMessages.sourceCode(topic);
            if (!sender.equals(source.code())) {
                throw IngestException.invalid("topic", source.code().equals(settings.gatewaySource())
                        ? "topic " + topic + " names source " + sender + ", which is not registered"
                        : "topic " + topic + " names source " + sender + ", not the sender " + source.code());
            }
            return VitalsMessages.readings(json.mapper(), sender, payload.getBytes(StandardCharsets.UTF_8));
        } catch (IngestException e) {
            throw new IngestException(e.status(), e.issueType(), location + " " + e.location(), e.getMessage());
        }
    }

    /** What {@code effectiveDateTime} covers as FHIR search reads it: a second, or a millisecond when written with a fraction. */
    private static FhirDates.Range effective(Reading reading) {
        Instant start = reading.time().toInstant();
        return new FhirDates.Range(start, start.plus(1, reading.time().getNano() == 0 ? ChronoUnit.SECONDS : ChronoUnit.MILLIS));
    }

    /** Readings name a source patient directly; a person through the batch's one Patient entry for that resident ID. */
    private static String subjectReference(Reading.Subject subject, Map<String, String> patients) {
        return switch (subject) {
            case Reading.SourcePatient patient -> "Patient/" + patient.id();
            case Reading.Resident resident -> patients.computeIfAbsent(resident.residentId(),
                    id -> "urn:uuid:" + UUID.nameUUIDFromBytes(("resident:" + id).getBytes(StandardCharsets.UTF_8)));
        };
    }

    private ObjectNode patientEntry(String residentId, String fullUrl) {
        ObjectNode entry = nodes.objectNode();
        entry.put("fullUrl", fullUrl);
        ObjectNode patient = entry.putObject("resource");
        patient.put("resourceType", "Patient");
        ObjectNode identifier = patient.putArray("identifier").addObject();
        identifier.put("system", ResidentIdentifiers.SYSTEM);
        identifier.put("value", residentId);
        ObjectNode request = entry.putObject("request");
        request.put("method", "POST");
        request.put("url", "Patient");
        request.put("ifNoneExist", "identifier=" + ResidentIdentifiers.SYSTEM + "|" + residentId);
        return entry;
    }

    private DeviceReading deviceReading(Reading reading, String id, String location, String subject) {
        VitalSign sign = reading.sign();
        VitalsSettings.Ranges ranges = settings.ranges();
        String code2 = sign == VitalSign.SPO2 ? VitalSign.SPO2_ARTERIAL : null;
        if (sign == VitalSign.BLOOD_PRESSURE) {
            String systolic = ranges.systolic().interpret(reading.systolic().doubleValue());
            String diastolic = ranges.diastolic().interpret(reading.diastolic().doubleValue());
            return new DeviceReading(id, location, effective(reading), subject, "vital-signs", LOINC, sign.loinc(), code2, (json, reference) -> {
                header(json, reading, reference);
                interpretation(json, moreSevere(systolic, diastolic));
                device(json, reading);
                json.writeArrayFieldStart("component");
                component(json, VitalSign.SYSTOLIC, "Systolic blood pressure", reading.systolic(), systolic);
                component(json, VitalSign.DIASTOLIC, "Diastolic blood pressure", reading.diastolic(), diastolic);
                json.writeEndArray();
            });
        }
        String flag = range(ranges, sign).interpret(reading.value().doubleValue());
        return new DeviceReading(id, location, effective(reading), subject, "vital-signs", LOINC, sign.loinc(), code2, (json, reference) -> {
            header(json, reading, reference);
            quantity(json, reading.value(), sign.unit());
            interpretation(json, flag);
            device(json, reading);
        });
    }

    /** The elements every reading starts with, from {@code status} to {@code effectiveDateTime} (FHIR's order, as HAPI writes it). */
    private static void header(JsonGenerator json, Reading reading, String subject) throws IOException {
        VitalSign sign = reading.sign();
        json.writeStringField("status", "final");
        json.writeArrayFieldStart("category");
        json.writeStartObject();
        json.writeArrayFieldStart("coding");
        coding(json, CATEGORY, "vital-signs", "Vital Signs");
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndArray();
        json.writeObjectFieldStart("code");
        json.writeArrayFieldStart("coding");
        coding(json, LOINC, sign.loinc(), sign.display());
        if (sign == VitalSign.SPO2) {
            coding(json, LOINC, VitalSign.SPO2_ARTERIAL, "Oxygen saturation in Arterial blood");
        }
        json.writeEndArray();
        json.writeStringField("text", sign.wireName());
        json.writeEndObject();
        json.writeObjectFieldStart("subject");
        json.writeStringField("reference", subject);
        json.writeEndObject();
        // Not toString(), which leaves out zero seconds: FHIR's dateTime requires them.
        json.writeStringField("effectiveDateTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(reading.time()));
    }

    private static void device(JsonGenerator json, Reading reading) throws IOException {
        json.writeObjectFieldStart("device");
        json.writeStringField("display", reading.device());
        json.writeEndObject();
    }

    private static void component(JsonGenerator json, String loinc, String display, BigDecimal value, String flag) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("code");
        json.writeArrayFieldStart("coding");
        coding(json, LOINC, loinc, display);
        json.writeEndArray();
        json.writeEndObject();
        quantity(json, value, VitalSign.BLOOD_PRESSURE.unit());
        interpretation(json, flag);
        json.writeEndObject();
    }

    private static void coding(JsonGenerator json, String system, String code, String display) throws IOException {
        json.writeStartObject();
        json.writeStringField("system", system);
        json.writeStringField("code", code);
        json.writeStringField("display", display);
        json.writeEndObject();
    }

    private static void quantity(JsonGenerator json, BigDecimal value, String unit) throws IOException {
        json.writeObjectFieldStart("valueQuantity");
        json.writeNumberField("value", value);
        json.writeStringField("unit", unit);
        json.writeStringField("system", UCUM);
        json.writeStringField("code", unit);
        json.writeEndObject();
    }

    private static void interpretation(JsonGenerator json, String flag) throws IOException {
        if (flag != null) {
            json.writeArrayFieldStart("interpretation");
            json.writeStartObject();
            json.writeArrayFieldStart("coding");
            coding(json, INTERPRETATION, flag, INTERPRETATION_DISPLAY.get(flag));
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
        }
    }

    /** A critical flag (two letters) outranks a plain one. */
    private static String moreSevere(String first, String second) {
        if (first == null) {
            return second;
        }
        return second != null && second.length() > first.length() ? second : first;
    }

    private static VitalsSettings.Range range(VitalsSettings.Ranges ranges, VitalSign sign) {
        return switch (sign) {
            case HEART_RATE -> ranges.heartRate();
            case SPO2 -> ranges.spo2();
            case TEMPERATURE -> ranges.temperature();
            case RESPIRATION -> ranges.respiration();
            case BLOOD_PRESSURE -> throw new IllegalArgumentException("blood pressure has two ranges");
        };
    }
}
