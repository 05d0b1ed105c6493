package org.cityhealth.hub.feeds.vitals;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.cityhealth.hub.ingest.IngestException;
import org.cityhealth.identity.ResidentId;

/**
 * Reads MQTT vital-sign messages: the topic {@code …/<source code>/<device>} and a JSON payload holding one reading
 * or an array of them. A message is taken or refused whole: any bad reading refuses it, naming the element.
 */
final class VitalsMessages {

    /** FHIR id syntax: a source patient id becomes part of a reference. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final int MAX_DEVICE_LENGTH = 200;

    private VitalsMessages() {
    }

    /** The code of the source a topic names: its last level but one. */
    static String sourceCode(String topic) {
        int last = topic.lastIndexOf('/');
        int before = last <= 0 ? -1 : topic.lastIndexOf('/', last - 1);
        if (last <= 0 || before + 1 == last || last == topic.length() - 1) {
            throw new IngestException(400, "invalid", "topic", "topic " + topic + " does not end in /<source code>/<device>");
        }
        return topic.substring(before + 1, last);
    }

    /** The readings of one payload sent by {@code senderCode}. */
    static List<Reading> readings(ObjectMapper mapper, String senderCode, byte[] payload) {
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (JacksonException e) {
            throw new IngestException(400, "structure", "payload", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IngestException(400, "structure", "payload", "not readable: " + e.getMessage());
        }
        if (root == null || !(root.isObject() || root.isArray()) || root.isEmpty()) {
            throw new IngestException(400, "structure", "payload", "expected a reading (JSON object) or a non-empty array of readings");
        }
        List<Reading> readings = new ArrayList<>(root.isArray() ? root.size() : 1);
        if (root.isObject()) {
            readings.add(reading(root, senderCode, "payload"));
        } else {
            for (int i = 0; i < root.size(); i++) {
                readings.add(reading(root.get(i), senderCode, "payload[" + i + "]"));
            }
        }
        return readings;
    }

    private static Reading reading(JsonNode node, String senderCode, String location) {
        if (!node.isObject()) {
            throw new IngestException(400, "structure", location, "a reading is a JSON object");
        }
        String device = text(node, "device", location);
        if (device.length() > MAX_DEVICE_LENGTH) {
            throw IngestException.invalid(location + ".device", "device is longer than " + MAX_DEVICE_LENGTH + " characters");
        }
        String typeName = text(node, "type", location);
        VitalSign sign = VitalSign.byWireName(typeName).orElseThrow(() -> new IngestException(400, "code-invalid", location + ".type",
                "unknown type " + typeName + " (known: " + VitalSign.wireNames() + ")"));
        OffsetDateTime time;
        try {
            time = OffsetTimes.parse(text(node, "time", location));
        } catch (DateTimeParseException e) {
            throw IngestException.invalid(location + ".time", "time must be an ISO 8601 date-time with offset, e.g. 2026-11-24T08:00:00+08:00");
        }
        JsonNode unit = node.path("unit");
        if (!unit.isMissingNode() && !unit.isNull() && !sign.unit().equals(unit.asText())) {
            throw IngestException.invalid(location + ".unit", "unit of " + sign.wireName() + " must be " + sign.unit() + ", not " + unit.asText());
        }
        Reading.Subject subject = subject(node, senderCode, location);
        JsonNode value = node.path("value");
        if (sign == VitalSign.BLOOD_PRESSURE) {
            if (!value.isObject()) {
                throw IngestException.invalid(location + ".value", "blood-pressure value must be {\"systolic\":…,\"diastolic\":…}");
            }
            return new Reading(device, subject, time, sign, null, number(value, "systolic", location + ".value"),
                    number(value, "diastolic", location + ".value"));
        }
        return new Reading(device, subject, time, sign, number(node, "value", location), null, null);
    }

    private static Reading.Subject subject(JsonNode node, String senderCode, String location) {
        JsonNode person = node.path("person");
        JsonNode patient = node.path("patient");
        if (person.isTextual() == patient.isObject()) {
            throw new IngestException(400, "required", location, "a reading names either person (a resident ID) or patient ({source, id})");
        }
        if (person.isTextual()) {
            String problem = ResidentId.problemWith(person.asText());
            if (problem != null) {
                throw IngestException.invalid(location + ".person", "not a valid resident ID: " + problem);
            }
            return new Reading.Resident(person.asText());
        }
        String source = text(patient, "source", location + ".patient");
        String id = text(patient, "id", location + ".patient");
        if (!source.equals(senderCode)) {
            throw IngestException.invalid(location + ".patient.source", "patient of source " + source
                    + " sent by source " + senderCode + ": a reading names a patient of its sender, or a person by resident ID");
        }
        if (!FHIR_ID.matcher(id).matches()) {
            throw IngestException.invalid(location + ".patient.id", "patient id must be 1-64 letters, digits, '-' or '.'");
        }
        return new Reading.SourcePatient(id);
    }

    private static String text(JsonNode node, String field, String location) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IngestException(400, "required", location + "." + field, field + " is required (a string)");
        }
        return value.asText();
    }

    private static BigDecimal number(JsonNode node, String field, String location) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw IngestException.invalid(location + "." + field, field + " must be a number" + (value.isMissingNode() ? "" : ", not " + value));
        }
        return value.decimalValue();
    }
}
