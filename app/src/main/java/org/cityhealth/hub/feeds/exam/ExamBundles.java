package org.cityhealth.hub.feeds.exam;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.feeds.ExamReports;
import org.cityhealth.hub.feeds.exam.ExamRecords.Exam;
import org.cityhealth.hub.feeds.exam.ExamRecords.Measured;
import org.cityhealth.hub.feeds.exam.ExamRecords.Person;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.hub.source.Source;

/**
 * Exams as a FHIR transaction: per person one Patient, per exam one DiagnosticReport "健康体检报告" with one
 * Observation per result. Every entry is a {@code PUT} to an id derived from the exam id and the item, so the
 * same file sent twice, or corrected and sent again, updates rather than duplicates.
 */
final class ExamBundles {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String UCUM = "http://unitsofmeasure.org";
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074";
    private static final Map<String, String> FLAG_NAMES = Map.of("H", "High", "L", "Low", "N", "Normal", "A", "Abnormal");

    private ExamBundles() {
    }

    static ObjectNode transaction(Source source, List<Exam> exams) {
        ObjectNode bundle = JSON.objectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        // One Patient per person: a second exam of the same person in the file must not write the Patient twice.
        Map<String, Person> patients = new LinkedHashMap<>();
        for (Exam exam : exams) {
            patients.putIfAbsent(ExamIds.patient(exam.person().residentId(), exam.person().patientId()), exam.person());
        }
        patients.forEach((id, person) -> put(entries, "Patient", id, patient(source, id, person)));
        for (Exam exam : exams) {
            String patient = "Patient/" + ExamIds.patient(exam.person().residentId(), exam.person().patientId());
            ArrayNode results = JSON.arrayNode();
            for (Measured measured : exam.results()) {
                String id = ExamIds.of("observation", exam.examId(), measured.item().key());
                put(entries, "Observation", id, observation(source, id, patient, exam, measured));
                results.addObject().put("reference", "Observation/" + id);
            }
            String id = ExamIds.of("report", exam.examId());
            ObjectNode report = JSON.objectNode().put("resourceType", "DiagnosticReport").put("id", id);
            report.putArray("identifier").addObject().put("system", ExamReports.examIdSystem(source.code())).put("value", exam.examId());
            report.put("status", "final");
            report.set("category", reportCategory());
            report.set("code", reportCode());
            report.putObject("subject").put("reference", patient);
            report.put("effectiveDateTime", exam.date().toString());
            report.set("result", results);
            put(entries, "DiagnosticReport", id, report);
        }
        return bundle;
    }

    /** The Patient as this file names them: resident ID (when known) and the centre's own id as identifiers. */
    static ObjectNode patient(Source source, String id, Person person) {
        ObjectNode patient = JSON.objectNode().put("resourceType", "Patient").put("id", id);
        ArrayNode identifiers = patient.putArray("identifier");
        if (person.residentId() != null) {
            identifiers.addObject().put("system", ResidentIdentifiers.SYSTEM).put("value", person.residentId());
        }
        if (person.patientId() != null) {
            identifiers.addObject().put("system", ExamIds.patientIdSystem(source.code())).put("value", person.patientId());
        }
        if (person.name() != null) {
            patient.putArray("name").addObject().put("text", person.name());
        }
        if (person.gender() != null) {
            patient.put("gender", person.gender());
        }
        if (person.birthDate() != null) {
            patient.put("birthDate", person.birthDate().toString());
        }
        return patient;
    }

    /** Laboratory by diagnostic service, and the hub's own "health check-up", which the exam pages search by. */
    static ArrayNode reportCategory() {
        ArrayNode category = JSON.arrayNode();
        category.addObject().putArray("coding").addObject().put("system", DIAGNOSTIC_SERVICE).put("code", "LAB").put("display", "Laboratory");
        ObjectNode checkup = category.addObject();
        checkup.putArray("coding").addObject().put("system", ExamReports.CATEGORY_SYSTEM).put("code", ExamReports.CATEGORY_CODE)
                .put("display", "健康体检");
        checkup.put("text", "健康体检");
        return category;
    }

    /**
     * LOINC 11502-2 "Laboratory report", as the synthetic city's exam centre codes its reports: most of a check-up
     * report is laboratory results, and no LOINC document type names a check-up; the category says what it is.
     */
    static ObjectNode reportCode() {
        ObjectNode code = JSON.objectNode();
        code.putArray("coding").addObject().put("system", Loinc.SYSTEM).put("code", ExamReports.REPORT_LOINC).put("display", "Laboratory report");
        code.put("text", "健康体检报告");
        return code;
    }

    private static ObjectNode observation(Source source, String id, String patient, Exam exam, Measured measured) {
        ExamMapping.Result item = measured.item();
        ObjectNode observation = JSON.objectNode().put("resourceType", "Observation").put("id", id).put("status", "final");
        ArrayNode category = observation.putArray("category");
        category.addObject().putArray("coding").addObject().put("system", OBSERVATION_CATEGORY).put("code", item.category());
        if (item.group() != null) {
            // Text only: the heading the exam page groups results under, not a code anyone searches by.
            category.addObject().put("text", item.group());
        }
        ObjectNode code = observation.putObject("code");
        code.putArray("coding").addObject().put("system", item.system() != null ? item.system() : ExamIds.localItemSystem(source.code()))
                .put("code", item.code()).put("display", item.display());
        code.put("text", item.display());
        observation.putObject("subject").put("reference", patient);
        observation.put("effectiveDateTime", exam.date().toString());
        if (measured.number() != null) {
            ObjectNode value = observation.putObject("valueQuantity").put("value", measured.number());
            if (measured.comparator() != null) {
                value.put("comparator", measured.comparator());
            }
            value.put("unit", measured.unitShown()).put("system", UCUM).put("code", item.unit());
        } else {
            observation.put("valueString", measured.text());
        }
        if (measured.flag() != null) {
            observation.putArray("interpretation").addObject().putArray("coding").addObject().put("system", INTERPRETATION)
                    .put("code", measured.flag()).put("display", FLAG_NAMES.get(measured.flag()));
        }
        if (measured.low() != null || measured.high() != null || measured.rangeText() != null) {
            ObjectNode range = observation.putArray("referenceRange").addObject();
            if (measured.low() != null) {
                range.set("low", quantity(measured.low(), measured, item));
            }
            if (measured.high() != null) {
                range.set("high", quantity(measured.high(), measured, item));
            }
            if (measured.rangeText() != null) {
                range.put("text", measured.rangeText());
            }
        }
        return observation;
    }

    private static ObjectNode quantity(BigDecimal value, Measured measured, ExamMapping.Result item) {
        ObjectNode quantity = JSON.objectNode().put("value", value);
        if (item.unit() != null) {
            quantity.put("unit", measured.unitShown() != null ? measured.unitShown() : item.unit()).put("system", UCUM).put("code", item.unit());
        }
        return quantity;
    }

    static void put(ArrayNode entries, String type, String id, ObjectNode resource) {
        ObjectNode entry = entries.addObject();
        entry.set("resource", resource);
        entry.putObject("request").put("method", "PUT").put("url", type + "/" + id);
    }
}
