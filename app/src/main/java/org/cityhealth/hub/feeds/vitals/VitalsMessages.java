package org.cityhealth.hub.feeds.vitals;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.CityZone;
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
    // The names a field goes by in the messages of different makers; the first is the documented one.
    private static final List<String> DEVICE = List.of("device", "deviceId", "device_id", "device-id");
    private static final List<String> TYPE = List.of("type", "sign", "vital", "kind");
    private static final List<String> TIME = List.of("time", "timestamp", "ts", "datetime", "effective", "measuredAt", "measured_at");
    private static final List<String> SYSTOLIC = List.of("systolic", "sys", "sbp");
    private static final List<String> DIASTOLIC = List.of("diastolic", "dia", "dbp");
    private static final Pattern SYSTOLIC_OVER_DIASTOLIC = Pattern.compile("\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*/\\s*(\\d{1,3}(?:\\.\\d+)?)\\s*");
    /** Unix times from here on are in milliseconds (in seconds this is the year 5138). */
    private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;
    private static final BigDecimal FREEZING_F = BigDecimal.valueOf(32);

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
        String device = text(node, location, DEVICE);
        if (device.length() > MAX_DEVICE_LENGTH) {
            throw IngestException.invalid(location + ".device", "device is longer than " + MAX_DEVICE_LENGTH + " characters");
        }
        String typeName = text(node, location, TYPE);
        VitalSign sign = VitalSign.byName(typeName).orElseThrow(() -> new IngestException(400, "code-invalid", location + ".type",
                "unknown type " + typeName + " (known: " + VitalSign.wireNames() + ", their usual aliases or LOINC codes)"));
        OffsetDateTime time = time(node, location);
        JsonNode unit = node.path("unit");
        boolean fahrenheit = false;
        if (!unit.isMissingNode() && !unit.isNull()) {
            fahrenheit = sign == VitalSign.TEMPERATURE && VitalSign.FAHRENHEIT.contains(unit.asText().strip().toLowerCase(Locale.ROOT));
            if (!fahrenheit && !sign.isUnit(unit.asText())) {
                throw IngestException.invalid(location + ".unit", "unit of " + sign.wireName() + " must be " + sign.unit() + ", not " + unit.asText());
            }
        }
        Reading.Subject subject = subject(node, senderCode, location);
        if (sign == VitalSign.BLOOD_PRESSURE) {
            return bloodPressure(node.path("value"), device, subject, time, location + ".value");
        }
        BigDecimal value = number(node, "value", location);
        return new Reading(device, subject, time, sign, fahrenheit ? celsius(value) : value, null, null);
    }

    /** {@code {"systolic":120,"diastolic":80}} (or {@code sys}/{@code dia}, {@code sbp}/{@code dbp}), or {@code "120/80"}. */
    private static Reading bloodPressure(JsonNode value, String device, Reading.Subject subject, OffsetDateTime time, String location) {
        if (value.isTextual()) {
            Matcher pair = SYSTOLIC_OVER_DIASTOLIC.matcher(value.asText());
            if (pair.matches()) {
                return new Reading(device, subject, time, VitalSign.BLOOD_PRESSURE, null, new BigDecimal(pair.group(1)), new BigDecimal(pair.group(2)));
            }
        } else if (value.isObject()) {
            return new Reading(device, subject, time, VitalSign.BLOOD_PRESSURE, null, number(value, location, SYSTOLIC),
                    number(value, location, DIASTOLIC));
        }
        throw IngestException.invalid(location, "blood-pressure value must be {\"systolic\":…,\"diastolic\":…} or \"120/80\"");
    }

    /**
     * An ISO 8601 date-time; one without an offset is the city's local time (as bedside devices keep it). Numbers are
     * Unix time, in milliseconds when that large, else seconds.
     */
    private static OffsetDateTime time(JsonNode node, String location) {
        JsonNode value = field(node, TIME);
        if (value.isIntegralNumber()) {
            long number = value.asLong();
            Instant instant = Math.abs(number) >= EPOCH_MILLIS_FROM ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
            return instant.atZone(CityZone.ZONE).toOffsetDateTime();
        }
        String text = text(node, location, TIME);
        try {
            return OffsetTimes.parse(text);
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text.length() > 10 && text.charAt(10) == ' ' ? text.replace(' ', 'T') : text)
                        .atZone(CityZone.ZONE).toOffsetDateTime();
            } catch (DateTimeParseException e) {
                throw IngestException.invalid(location + ".time", "time must be an ISO 8601 date-time, e.g. 2026-11-24T08:00:00+08:00"
                        + " (without an offset: the city's local time), or Unix time in seconds or milliseconds");
            }
        }
    }

    /** Degrees Fahrenheit in Celsius, to as many decimals as the reading gave (at least one: a tenth of a degree). */
    private static BigDecimal celsius(BigDecimal fahrenheit) {
        return fahrenheit.subtract(FREEZING_F).multiply(BigDecimal.valueOf(5)).divide(BigDecimal.valueOf(9), Math.max(1, fahrenheit.scale()),
                RoundingMode.HALF_UP);
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
        return text(node, location, List.of(field));
    }

    /** The text of the first of {@code names} present; the error names the first (the documented one). */
    private static String text(JsonNode node, String location, List<String> names) {
        JsonNode value = field(node, names);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IngestException(400, "required", location + "." + names.getFirst(), names.getFirst() + " is required (a string)");
        }
        return value.asText();
    }

    private static JsonNode field(JsonNode node, List<String> names) {
        for (String name : names) {
            JsonNode value = node.path(name);
            if (!value.isMissingNode() && !value.isNull()) {
                return value;
            }
        }
        return node.path(names.getFirst());
    }

    private static BigDecimal number(JsonNode node, String field, String location) {
        return number(node, location, List.of(field));
    }

    private static BigDecimal number(JsonNode node, String location, List<String> names) {
        JsonNode value = field(node, names);
        if (!value.isNumber()) {
            throw IngestException.invalid(location + "." + names.getFirst(), names.getFirst() + " must be a number"
                    + (value.isMissingNode() ? "" : ", not " + value));
        }
        return value.decimalValue();
    }
}
