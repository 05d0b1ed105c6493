package org.cityhealth.hub.feeds.vitals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
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
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.vault.SubmissionFormat;
import org.springframework.stereotype.Component;

/**
 * Converts a batch of MQTT vital-sign messages, kept in the vault as NDJSON lines {@code {"topic":…,"payload":…}},
 * into device readings: an Observation per reading whose id is derived from device, sign and instant, kept as the
 * {@link VitalsForm} values (sign, device, time, value, H/L/HH/LL by the configured ranges), and, once per person of the batch,
 * a conditional create of the sender's minimal Patient carrying the resident ID, which ingest links to the person
 * holding that ID. The same reading twice in a batch (a redelivery) is kept once, as first seen.
 */
@Component
class VitalsConverter implements DeviceFeedConverter {

    static final String CONTENT_TYPE = "application/x-ndjson";
    private static final String LOINC = "http://loinc.org";

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
        ByteArrayOutputStream values = new ByteArrayOutputStream(96);
        try (JsonGenerator out = json.mapper().getFactory().createGenerator(values)) {
            out.writeStartArray();
            out.writeString(sign.loinc());
            out.writeString(reading.device());
            // Not toString(), which leaves out zero seconds: FHIR's dateTime requires them.
            out.writeString(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(reading.time()));
            if (sign == VitalSign.BLOOD_PRESSURE) {
                out.writeString(reading.systolic().toString());
                out.writeString(reading.diastolic().toString());
                out.writeString(ranges.systolic().interpret(reading.systolic().doubleValue()));
                out.writeString(ranges.diastolic().interpret(reading.diastolic().doubleValue()));
            } else {
                out.writeString(reading.value().toString());
                out.writeString(range(ranges, sign).interpret(reading.value().doubleValue()));
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeviceReading(id, location, effective(reading), subject, "vital-signs", LOINC, sign.loinc(), code2, VitalsForm.NAME,
                values.toByteArray());
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
