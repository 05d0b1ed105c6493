package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ORU^R01 → a DiagnosticReport per OBR with an Observation per OBX. */
final class ResultMapper {

    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private static final String UCUM = "http://unitsofmeasure.org";
    /** OBX-8 abnormal flags (table 0078) that are codes of v3 ObservationInterpretation. */
    private static final Set<String> FLAGS = Set.of("H", "L", "HH", "LL", "N", "A", "AA", "<", ">", "S", "R", "I", "U", "D", "B", "W");
    /** OBR-25 result status (table 0123) → DiagnosticReport.status. */
    private static final Map<String, String> REPORT_STATUS = Map.of("F", "final", "C", "corrected", "P", "preliminary", "A", "partial",
            "R", "partial", "I", "registered", "O", "registered", "S", "registered", "X", "cancelled", "Y", "unknown");
    /** OBX-11 observation result status (table 0085) → Observation.status. */
    private static final Map<String, String> OBSERVATION_STATUS = Map.of("F", "final", "C", "corrected", "P", "preliminary",
            "R", "preliminary", "I", "registered", "S", "preliminary", "X", "cancelled", "D", "entered-in-error", "W", "entered-in-error");
    /** A unit written the way UCUM writes it (g/L, mmol/L, 10*9/L, %, fL, mm[Hg]); other units are kept as text only. */
    private static final Pattern UCUM_LIKE = Pattern.compile("[A-Za-z0-9%*./\\[\\]{}^'-]+");
    /** OBX-7 "3.5-5.5", "<5", "<=5", ">10", ">=10". */
    private static final Pattern RANGE = Pattern.compile("\\s*(-?[0-9.]+)\\s*[-~－]\\s*(-?[0-9.]+)\\s*");
    private static final Pattern BOUND = Pattern.compile("\\s*([<>]=?)\\s*(-?[0-9.]+)\\s*");
    private static final int PLACER = 2;
    private static final int FILLER = 3;
    private static final int SERVICE = 4;
    private static final int OBSERVED = 7;
    private static final int ISSUED = 22;
    private static final int RESULT_STATUS = 25;
    private static final int SET_ID = 1;
    private static final int VALUE_TYPE = 2;
    private static final int IDENTIFIER = 3;
    private static final int VALUE = 5;
    private static final int UNITS = 6;
    private static final int REFERENCE_RANGE = 7;
    private static final int FLAGS_FIELD = 8;
    private static final int STATUS = 11;
    private static final int OBSERVATION_TIME = 14;

    private ResultMapper() {
    }

    static void oru(Conversion conversion) {
        Hl7Message message = conversion.message();
        if (!"R01".equals(message.trigger())) {
            throw Hl7Refusals.unsupportedEvent(message.type(), message.trigger());
        }
        String patient = PatientMapper.patient(conversion, message.require("PID"));
        ObjectNode report = null;
        String reportId = message.controlId();
        String effective = null;
        int index = 0;
        for (Hl7Segment segment : message.segments()) {
            switch (segment.name()) {
                case "OBR" -> {
                    reportId = reportId(conversion, segment, patient);
                    report = report(conversion, segment, reportId, patient);
                    effective = conversion.dateTime(segment, OBSERVED);
                    index = 0;
                }
                case "OBX" -> {
                    index++;
                    if (EncapsulatedData.in(segment, VALUE_TYPE)) {
                        // The report itself (a laboratory's PDF, a picture): the report's presented form, not a measurement.
                        if (report == null) {
                            throw Hl7Refusals.error(ca.uhn.hl7v2.ErrorCode.SEGMENT_SEQUENCE_ERROR, segment.location(VALUE),
                                    "encapsulated data (OBX-2 ED) outside a report: it needs an OBR before it");
                        }
                        EncapsulatedData.of(segment, VALUE).attachment(report.withArray("presentedForm").addObject(),
                                segment.get(IDENTIFIER, 0, 2, 1));
                        continue;
                    }
                    String setId = segment.get(SET_ID);
                    String id = Conversion.id(reportId, setId != null ? setId : "n" + index);
                    if (conversion.writes("Observation", id)) {
                        id = Conversion.id(reportId, "n" + index); // two OBX share a set id: their position tells them apart
                    }
                    observation(conversion, segment, id, patient, effective);
                    if (report != null) {
                        report.withArray("result").addObject().put("reference", "Observation/" + id);
                    }
                }
                default -> {
                }
            }
        }
        if (index == 0 && report == null) {
            throw Hl7Refusals.error(ca.uhn.hl7v2.ErrorCode.SEGMENT_SEQUENCE_ERROR, "OBR^1", "ORU^R01 carries no OBR or OBX segment");
        }
    }

    /**
     * The report's id: its filler's number, else its placer's. Without either, what the report is about names it: the
     * patient, the test (OBR-4) and when it was observed (OBR-7), so that the same result sent again under a new control
     * id (a LIS resending after a lost ACK) updates the report instead of adding a second one. Without OBR-7 as well,
     * the control id and the OBR's position (such a result sent again is stored again).
     */
    private static String reportId(Conversion conversion, Hl7Segment obr, String patient) {
        String number = orderNumber(obr);
        String observed = obr.get(OBSERVED);
        if (number != null || observed == null) {
            return Conversion.id(number != null ? number : conversion.message().controlId() + "-" + obr.repetition());
        }
        String service = obr.get(SERVICE);
        return conversion.byContent("DiagnosticReport", patient, service == null ? "" : service, observed, obr.repetition());
    }

    /** The filler's number, else the placer's, else null. */
    private static String orderNumber(Hl7Segment segment) {
        String filler = segment.get(FILLER);
        return filler != null ? filler : segment.get(PLACER);
    }

    private static ObjectNode report(Conversion conversion, Hl7Segment obr, String id, String patient) {
        ObjectNode report = conversion.put("DiagnosticReport", id);
        identifiers(conversion, report, obr, PLACER, FILLER);
        String status = obr.get(RESULT_STATUS);
        report.put("status", status == null ? "final" : REPORT_STATUS.getOrDefault(status.toUpperCase(), "unknown"));
        report.putArray("category").add(conversion.concept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory"));
        ObjectNode code = conversion.codeable(obr, SERVICE);
        if (code == null) {
            throw Hl7Refusals.missing(obr.location(SERVICE), "OBR-4 (the universal service identifier)");
        }
        report.set("code", code);
        report.putObject("subject").put("reference", "Patient/" + patient);
        Conversion.putIfPresent(report, "effectiveDateTime", conversion.dateTime(obr, OBSERVED));
        Conversion.putIfPresent(report, "issued", conversion.instant(obr, ISSUED));
        return report;
    }

    /** Placer (PLAC) and filler (FILL) order numbers as identifiers. */
    static void identifiers(Conversion conversion, ObjectNode resource, Hl7Segment segment, int placerField, int fillerField) {
        String placer = segment.get(placerField);
        String filler = segment.get(fillerField);
        if (placer != null) {
            resource.withArray("identifier").addObject().put("system", conversion.system("placer")).put("value", placer)
                    .set("type", conversion.concept("http://terminology.hl7.org/CodeSystem/v2-0203", "PLAC", "Placer Identifier"));
        }
        if (filler != null) {
            resource.withArray("identifier").addObject().put("system", conversion.system("filler")).put("value", filler)
                    .set("type", conversion.concept("http://terminology.hl7.org/CodeSystem/v2-0203", "FILL", "Filler Identifier"));
        }
    }

    private static void observation(Conversion conversion, Hl7Segment obx, String id, String patient, String reportEffective) {
        ObjectNode observation = conversion.put("Observation", id);
        String status = obx.get(STATUS);
        observation.put("status", status == null ? "final" : OBSERVATION_STATUS.getOrDefault(status.toUpperCase(), "unknown"));
        observation.putArray("category").add(conversion.concept("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory"));
        ObjectNode code = conversion.codeable(obx, IDENTIFIER);
        if (code == null) {
            throw Hl7Refusals.missing(obx.location(IDENTIFIER), "OBX-3 (the observation identifier)");
        }
        observation.set("code", code);
        observation.putObject("subject").put("reference", "Patient/" + patient);
        String effective = conversion.dateTime(obx, OBSERVATION_TIME);
        Conversion.putIfPresent(observation, "effectiveDateTime", effective != null ? effective : reportEffective);
        value(conversion, observation, obx);
        referenceRange(conversion, observation, obx);
        for (int rep = 0; rep < obx.repetitions(FLAGS_FIELD); rep++) {
            String flag = obx.get(FLAGS_FIELD, rep, 1, 1);
            if (flag != null) {
                ObjectNode interpretation = FLAGS.contains(flag) ? conversion.concept(INTERPRETATION, flag, null)
                        : conversion.mapper().createObjectNode().put("text", flag);
                observation.withArray("interpretation").add(interpretation);
            }
        }
    }

    private static void value(Conversion conversion, ObjectNode observation, Hl7Segment obx) {
        String type = obx.get(VALUE_TYPE) == null ? "ST" : obx.get(VALUE_TYPE).toUpperCase();
        String location = obx.location(VALUE);
        if ("SN".equals(type)) {
            // SN's first component is the comparator, usually empty: the number is the second.
            if (obx.get(VALUE, 0, 2, 1) != null) {
                structuredNumeric(conversion, observation, obx, location);
            }
            return;
        }
        String value = obx.get(VALUE);
        if (value == null) {
            return;
        }
        switch (type) {
            case "NM" -> observation.set("valueQuantity", quantity(conversion, Conversion.number(value, location), obx));
            case "CE", "CWE", "CNE" -> observation.set("valueCodeableConcept", conversion.codeable(obx, VALUE));
            case "DT", "TS", "DTM" -> observation.put("valueDateTime", conversion.dateTime(value, location));
            default -> {
                // ST, TX, FT and anything else readable: the text, repetitions as lines.
                StringBuilder text = new StringBuilder();
                for (int rep = 0; rep < obx.repetitions(VALUE); rep++) {
                    String line = obx.get(VALUE, rep, 1, 1);
                    if (line != null) {
                        text.append(text.isEmpty() ? "" : "\n").append(line);
                    }
                }
                observation.put("valueString", text.toString());
            }
        }
    }

    /** SN: comparator^number^separator^number → a Quantity with comparator, a Ratio (":" "/") or a Range ("-"). */
    private static void structuredNumeric(Conversion conversion, ObjectNode observation, Hl7Segment obx, String location) {
        String comparator = obx.get(VALUE, 0, 1, 1);
        String first = obx.get(VALUE, 0, 2, 1);
        String separator = obx.get(VALUE, 0, 3, 1);
        String second = obx.get(VALUE, 0, 4, 1);
        if (second != null && (":".equals(separator) || "/".equals(separator))) {
            ObjectNode ratio = observation.putObject("valueRatio");
            ratio.putObject("numerator").put("value", Conversion.number(first, location));
            ratio.putObject("denominator").put("value", Conversion.number(second, location));
        } else if (second != null && "-".equals(separator)) {
            ObjectNode range = observation.putObject("valueRange");
            range.set("low", quantity(conversion, Conversion.number(first, location), obx));
            range.set("high", quantity(conversion, Conversion.number(second, location), obx));
        } else {
            ObjectNode quantity = quantity(conversion, Conversion.number(first, location), obx);
            if (comparator != null && Set.of("<", "<=", ">", ">=").contains(comparator)) {
                quantity.put("comparator", comparator);
            }
            observation.set("valueQuantity", quantity);
        }
    }

    /** A Quantity in OBX-6's unit, coded in UCUM when the unit is written as UCUM writes units. */
    private static ObjectNode quantity(Conversion conversion, BigDecimal value, Hl7Segment obx) {
        ObjectNode quantity = conversion.mapper().createObjectNode();
        quantity.put("value", value);
        String unit = obx.get(UNITS, 0, 1, 1);
        String unitText = obx.get(UNITS, 0, 2, 1);
        if (unit == null) {
            unit = unitText;
        }
        if (unit != null) {
            quantity.put("unit", unitText != null ? unitText : unit);
            String system = obx.get(UNITS, 0, 3, 1);
            if (system != null && system.toUpperCase().contains("UCUM") || system == null && UCUM_LIKE.matcher(unit).matches()) {
                quantity.put("system", UCUM).put("code", unit);
            }
        }
        return quantity;
    }

    private static void referenceRange(Conversion conversion, ObjectNode observation, Hl7Segment obx) {
        String text = obx.get(REFERENCE_RANGE);
        if (text == null) {
            return;
        }
        ObjectNode range = observation.putArray("referenceRange").addObject();
        Matcher between = RANGE.matcher(text);
        Matcher bound = BOUND.matcher(text);
        try {
            if (between.matches()) {
                range.set("low", quantity(conversion, new BigDecimal(between.group(1)), obx));
                range.set("high", quantity(conversion, new BigDecimal(between.group(2)), obx));
            } else if (bound.matches()) {
                range.set(bound.group(1).startsWith("<") ? "high" : "low", quantity(conversion, new BigDecimal(bound.group(2)), obx));
            }
        } catch (NumberFormatException e) {
            range.removeAll(); // "1..2": not numbers after all; the text below is all there is
        }
        range.put("text", text);
    }
}
