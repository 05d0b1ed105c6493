package org.cityhealth.hub.feeds.hl7;

import ca.uhn.hl7v2.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cityhealth.hub.CityZone;

/**
 * One message being converted: the transaction Bundle it becomes and the value conversions every message type
 * shares (ids, dates, coded values). Ids are derived from the message's own identifiers (patient ids, visit, placer
 * and filler numbers, TXA-12) so that converting the same message twice, or a retransmission of it with a new control
 * id, writes the same resources. A result, order, dispense or vaccination without order numbers is named by its patient,
 * what it is and when. Where a message carries nothing of the kind for a resource, its id falls back to the control id
 * (MSH-10): a retransmission of such a message under a new control id then writes new resources.
 */
final class Conversion {

    /** FHIR's id syntax; longer or other source ids are hashed. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    /** An HL7 TS/DTM value: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.(\\d{1,4}))?)?)?)?)?)?([+-]\\d{4})?");
    /** A FHIR dateTime with its offset. */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    /** HL7 coding system names (table 0396) with a FHIR system of their own. */
    private static final Map<String, String> SYSTEMS = Map.of(
            "LN", "http://loinc.org", "CVX", "http://hl7.org/fhir/sid/cvx", "SCT", "http://snomed.info/sct", "SNM", "http://snomed.info/sct",
            "I10", "http://hl7.org/fhir/sid/icd-10", "I10C", "http://hl7.org/fhir/sid/icd-10", "UCUM", "http://unitsofmeasure.org");

    private final String sourceCode;
    private final Hl7Message message;
    private final ObjectMapper mapper;
    private final ObjectNode bundle;
    private final ArrayNode entries;
    private final Set<String> written = new HashSet<>();

    Conversion(String sourceCode, Hl7Message message, ObjectMapper mapper) {
        this.sourceCode = sourceCode;
        this.message = message;
        this.mapper = mapper;
        this.bundle = mapper.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "transaction");
        this.entries = bundle.putArray("entry");
    }

    Hl7Message message() {
        return message;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectNode bundle() {
        return bundle;
    }

    /** Whether the Bundle already writes that resource (two OBX with one set id, say). */
    boolean writes(String type, String id) {
        return written.contains(type + "/" + id);
    }

    /** A new {@code PUT type/id} entry; returns its resource to fill in. */
    ObjectNode put(String type, String id) {
        if (!written.add(type + "/" + id)) {
            throw Hl7Refusals.error(ErrorCode.DUPLICATE_KEY_IDENTIFIER, "MSH^1", "two segments of this message name the same " + type + " (" + id + ")");
        }
        ObjectNode entry = entries.addObject();
        ObjectNode resource = entry.putObject("resource");
        resource.put("resourceType", type);
        resource.put("id", id);
        ObjectNode request = entry.putObject("request");
        request.put("method", "PUT");
        request.put("url", type + "/" + id);
        return resource;
    }

    /** A resource {@link #put} already added to the Bundle. */
    ObjectNode resource(String type, String id) {
        for (var entry : entries) {
            if ((type + "/" + id).equals(entry.path("request").path("url").asText())) {
                return (ObjectNode) entry.path("resource");
            }
        }
        throw new IllegalStateException(type + "/" + id + " is not in the Bundle");
    }

    /** A FHIR id from source identifiers: as they are when they fit FHIR's id syntax, else a hash of them. */
    static String id(String... parts) {
        String joined = String.join("-", parts);
        if (FHIR_ID.matcher(joined).matches()) {
            return joined;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.join("\u0000", parts).getBytes(StandardCharsets.UTF_8));
            return "h" + HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The id of a resource the message names by what it is about instead of by a number: its type, patient, what (a
     * test, a drug, a vaccine) and when, so that the same content sent again under another control id finds it. Two
     * alike in one message are told apart by their position.
     */
    String byContent(String type, String patient, String what, String when, int position) {
        String id = id(type.toLowerCase(Locale.ROOT), patient, what, when);
        return writes(type, id) ? id(id, Integer.toString(position)) : id;
    }

    /** The source's own identifier system for a kind of identifier (mrn, visit, placer, filler, document…). */
    String system(String kind) {
        return "urn:cityhealth:source:" + sourceCode + ":" + kind;
    }

    /** A CE/CWE at (field, repetition) as a CodeableConcept (both the identifier and the alternate identifier); null when empty. */
    ObjectNode codeable(Hl7Segment segment, int field, int repetition) {
        ObjectNode concept = mapper.createObjectNode();
        addCoding(concept, segment.get(field, repetition, 1, 1), segment.get(field, repetition, 2, 1), segment.get(field, repetition, 3, 1));
        addCoding(concept, segment.get(field, repetition, 4, 1), segment.get(field, repetition, 5, 1), segment.get(field, repetition, 6, 1));
        String text = segment.get(field, repetition, 2, 1);
        if (text == null) {
            text = segment.get(field, repetition, 5, 1);
        }
        if (text != null) {
            concept.put("text", text);
        }
        return concept.isEmpty() ? null : concept;
    }

    ObjectNode codeable(Hl7Segment segment, int field) {
        return codeable(segment, field, 0);
    }

    /** A CodeableConcept of one code in a given system (v2 tables, terminology.hl7.org code systems). */
    ObjectNode concept(String system, String code, String display) {
        ObjectNode concept = mapper.createObjectNode();
        ObjectNode coding = concept.putArray("coding").addObject();
        coding.put("system", system);
        coding.put("code", code);
        if (display != null) {
            coding.put("display", display);
        }
        return concept;
    }

    private void addCoding(ObjectNode concept, String code, String display, String codingSystem) {
        if (code == null) {
            return;
        }
        ObjectNode coding = concept.withArray("coding").addObject();
        coding.put("system", codingSystem == null ? system("code") : SYSTEMS.getOrDefault(codingSystem.toUpperCase(), system("code")));
        coding.put("code", code);
        if (display != null) {
            coding.put("display", display);
        }
    }

    /** A reference with only a display: people named in the message are not resources the hub keeps. */
    ObjectNode display(String text) {
        return mapper.createObjectNode().put("display", text);
    }

    /** An XCN (id^family^given) as the name a reader sees; null when empty. */
    static String personName(Hl7Segment segment, int field) {
        String family = segment.get(field, 0, 2, 1);
        String given = segment.get(field, 0, 3, 1);
        String id = segment.get(field, 0, 1, 1);
        if (family == null && given == null) {
            return id;
        }
        return Names.text(family, given);
    }

    /** A TS/DTM field as a FHIR dateTime (at its own precision); null when empty. */
    String dateTime(Hl7Segment segment, int field) {
        return dateTime(segment.get(field, 0, 1, 1), segment.location(field));
    }

    String dateTime(String value, String location) {
        Timestamp timestamp = timestamp(value, location);
        return timestamp == null ? null : timestamp.dateTime();
    }

    /** A TS as a FHIR instant; null when empty or not precise to the second (an instant must be). */
    String instant(Hl7Segment segment, int field) {
        Timestamp timestamp = timestamp(segment.get(field, 0, 1, 1), segment.location(field));
        return timestamp == null || !timestamp.toSecond() ? null : timestamp.dateTime();
    }

    /** A date (or the date part of a TS); null when empty. */
    String date(Hl7Segment segment, int field) {
        Timestamp timestamp = timestamp(segment.get(field, 0, 1, 1), segment.location(field));
        return timestamp == null ? null : timestamp.date();
    }

    private record Timestamp(String date, String dateTime, boolean toSecond) {
    }

    private static Timestamp timestamp(String value, String location) {
        if (value == null) {
            return null;
        }
        Matcher matcher = TIMESTAMP.matcher(value);
        if (!matcher.matches()) {
            throw Hl7Refusals.error(ErrorCode.DATA_TYPE_ERROR, location, "'" + value + "' is not an HL7 date/time (YYYYMMDDHHMMSS+ZZZZ)");
        }
        try {
            int year = Integer.parseInt(matcher.group(1));
            if (matcher.group(2) == null) {
                return new Timestamp(matcher.group(1), matcher.group(1), false);
            }
            int month = Integer.parseInt(matcher.group(2));
            if (matcher.group(3) == null) {
                String yearMonth = LocalDate.of(year, month, 1).toString().substring(0, 7);
                return new Timestamp(yearMonth, yearMonth, false);
            }
            LocalDate date = LocalDate.of(year, month, Integer.parseInt(matcher.group(3)));
            if (matcher.group(4) == null) {
                return new Timestamp(date.toString(), date.toString(), false);
            }
            LocalDateTime time = date.atTime(Integer.parseInt(matcher.group(4)), matcher.group(5) == null ? 0 : Integer.parseInt(matcher.group(5)),
                    matcher.group(6) == null ? 0 : Integer.parseInt(matcher.group(6)));
            // No offset: the city's local time, with the daylight saving China kept in 1986–91.
            ZoneOffset offset = matcher.group(8) == null ? CityZone.ZONE.getRules().getOffset(time)
                    : ZoneOffset.ofHoursMinutes(Integer.parseInt(matcher.group(8).substring(0, 3)),
                    Integer.parseInt(matcher.group(8).charAt(0) + matcher.group(8).substring(3)));
            return new Timestamp(date.toString(), OffsetDateTime.of(time, offset).format(DATE_TIME), matcher.group(6) != null);
        } catch (DateTimeException e) {
            throw Hl7Refusals.error(ErrorCode.DATA_TYPE_ERROR, location, "'" + value + "' is not a valid date/time: " + e.getMessage());
        }
    }

    static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** A decimal number (NM); refused (AE, 102) when it is not one. */
    static java.math.BigDecimal number(String value, String location) {
        try {
            return new java.math.BigDecimal(value.strip().startsWith("+") ? value.strip().substring(1) : value.strip());
        } catch (NumberFormatException e) {
            throw Hl7Refusals.error(ErrorCode.DATA_TYPE_ERROR, location, "'" + value + "' is not a number");
        }
    }
}
