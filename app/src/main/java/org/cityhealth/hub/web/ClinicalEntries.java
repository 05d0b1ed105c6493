package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.StoredResource;

/**
 * Turns a stored resource into a timeline entry: which date it belongs to and the one line a clinician
 * needs (the diagnosis, the test with its value, the drug with its dose). Each type reads its own fields;
 * any of them may be missing, in which case the entry says less but is still shown.
 */
final class ClinicalEntries {

    /** Who and where rather than what happened: shown in the header and the links, not on the timeline. */
    private static final Set<String> NOT_EVENTS = Set.of("Patient", "Person", "RelatedPerson", "Organization", "Practitioner",
            "PractitionerRole", "Location", "Medication", "Device", "Provenance", "AuditEvent", "Endpoint", "HealthcareService",
            "Substance", "Group", "Binary", "Bundle", "Coverage");
    /** Where each type keeps its date, most clinically meaningful first; period-like properties use their start. */
    private static final String[] GENERIC_DATES = {"effectiveDateTime", "effectivePeriod", "effectiveInstant", "occurrenceDateTime",
            "occurrencePeriod", "performedDateTime", "performedPeriod", "authoredOn", "period", "started", "onsetDateTime",
            "recordedDate", "date", "created", "issued", "recorded"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private ClinicalEntries() {
    }

    static boolean isEvent(String type) {
        return !NOT_EVENTS.contains(type);
    }

    static Optional<ClinicalEntry> of(StoredResource stored, JsonNode body, Labels labels) {
        if (!isEvent(stored.type())) {
            return Optional.empty();
        }
        Reading reading = switch (stored.type()) {
            case "Encounter" -> encounter(body, labels);
            case "Observation" -> observation(body, labels);
            case "Condition" -> condition(body, labels);
            case "MedicationRequest" -> medication(body, body.path("dosageInstruction"), labels,
                    FhirText.firstWhen(body, "authoredOn"));
            case "MedicationStatement" -> medication(body, body.path("dosage"), labels,
                    FhirText.firstWhen(body, "effectiveDateTime", "effectivePeriod", "dateAsserted"));
            case "Procedure" -> procedure(body, labels);
            case "ImagingStudy" -> imaging(body, labels);
            case "DiagnosticReport" -> report(body, labels);
            case "AllergyIntolerance" -> allergy(body, labels);
            case "Immunization" -> immunization(body, labels);
            default -> generic(body, labels);
        };
        String title = reading.title() != null ? reading.title() : labels.resourceType(stored.type());
        FhirText.When when = reading.when();
        String status = reading.statusCode() == null ? null : labels.get("status." + reading.statusCode(), reading.statusCode());
        return Optional.of(new ClinicalEntry(stored.type(), labels.resourceType(stored.type()), stored.id(), stored.sourceId(),
                title, reading.detail(), reading.statusCode(), status, flagOf(reading.statusCode()),
                when == null ? null : when.date(),
                when == null || !when.hasTime() ? null : TIME.format(when.instant().atZone(FhirDates.LOCAL_ZONE)),
                when == null ? Long.MIN_VALUE : when.instant().toEpochMilli()));
    }

    private static Reading encounter(JsonNode body, Labels labels) {
        JsonNode encounterClass = body.path("class");
        String classCode = FhirText.code(encounterClass);
        String classLabel = classCode == null ? null
                : labels.get("encounter.class." + classCode, firstNonNull(FhirText.text(encounterClass.path("display")), classCode));
        String type = body.path("type").isArray() && !body.path("type").isEmpty() ? FhirText.concept(body.path("type").get(0)) : null;
        String title = join(" · ", classLabel, type);
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : body.path("reasonCode")) {
            add(reasons, FhirText.concept(reason));
        }
        for (JsonNode reason : body.path("reasonReference")) {
            add(reasons, FhirText.referenceDisplay(reason));
        }
        String status = FhirText.text(body.path("status"));
        return new Reading(title.isEmpty() ? null : title, reasons.isEmpty() ? null : String.join("、", reasons),
                "finished".equals(status) ? null : status, FhirText.firstWhen(body, "period"));
    }

    private static Reading observation(JsonNode body, Labels labels) {
        String value = FhirText.value(body);
        if (value == null) {
            value = FhirText.components(body);
        }
        String interpretation = null;
        for (JsonNode concept : body.path("interpretation")) {
            interpretation = FhirText.code(concept);
            if (interpretation != null) {
                break;
            }
        }
        return new Reading(FhirText.concept(body.path("code")), value,
                interpretation == null ? null : "interpretation." + interpretation,
                FhirText.firstWhen(body, "effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued"));
    }

    private static Reading condition(JsonNode body, Labels labels) {
        String category = null;
        for (JsonNode concept : body.path("category")) {
            String code = FhirText.code(concept);
            String text = FhirText.concept(concept);
            category = code == null ? text : labels.get("condition.category." + code, text);
            if (category != null) {
                break;
            }
        }
        String severity = FhirText.concept(body.path("severity"));
        String detail = join(" · ", severity, category);
        return new Reading(FhirText.concept(body.path("code")), detail.isEmpty() ? null : detail,
                FhirText.code(body.path("clinicalStatus")),
                FhirText.firstWhen(body, "onsetDateTime", "onsetPeriod", "recordedDate"));
    }

    private static Reading medication(JsonNode body, JsonNode dosages, Labels labels, FhirText.When when) {
        String drug = FhirText.concept(body.path("medicationCodeableConcept"));
        if (drug == null) {
            drug = FhirText.referenceDisplay(body.path("medicationReference"));
        }
        String dose = null;
        for (JsonNode dosage : dosages) {
            dose = FhirText.text(dosage.path("text"));
            if (dose != null) {
                break;
            }
        }
        return new Reading(drug, dose, FhirText.text(body.path("status")), when);
    }

    private static Reading procedure(JsonNode body, Labels labels) {
        List<String> details = new ArrayList<>();
        for (JsonNode reason : body.path("reasonCode")) {
            add(details, FhirText.concept(reason));
        }
        add(details, FhirText.concept(body.path("outcome")));
        String status = FhirText.text(body.path("status"));
        return new Reading(FhirText.concept(body.path("code")), details.isEmpty() ? null : String.join(" · ", details),
                "completed".equals(status) ? null : status, FhirText.firstWhen(body, "performedDateTime", "performedPeriod"));
    }

    private static Reading imaging(JsonNode body, Labels labels) {
        List<String> modalities = new ArrayList<>();
        for (JsonNode modality : body.path("modality")) {
            add(modalities, FhirText.text(modality.path("code")));
        }
        String title = FhirText.text(body.path("description"));
        if (title == null && body.path("procedureCode").isArray() && !body.path("procedureCode").isEmpty()) {
            title = FhirText.concept(body.path("procedureCode").get(0));
        }
        String modality = String.join("/", modalities);
        if (title == null) {
            title = modality.isEmpty() ? null : modality;
        } else if (!modality.isEmpty()) {
            title = modality + " · " + title;
        }
        String counts = null;
        if (body.path("numberOfSeries").isInt() || body.path("numberOfInstances").isInt()) {
            counts = labels.format("imaging.counts", body.path("numberOfSeries").asInt(0), body.path("numberOfInstances").asInt(0));
        }
        return new Reading(title, counts, null, FhirText.firstWhen(body, "started"));
    }

    private static Reading report(JsonNode body, Labels labels) {
        String conclusion = FhirText.text(body.path("conclusion"));
        if (conclusion == null) {
            for (JsonNode code : body.path("conclusionCode")) {
                conclusion = FhirText.concept(code);
                if (conclusion != null) {
                    break;
                }
            }
        }
        if (conclusion == null && body.path("result").isArray() && !body.path("result").isEmpty()) {
            conclusion = labels.format("report.results", body.path("result").size());
        }
        return new Reading(FhirText.concept(body.path("code")), conclusion, null,
                FhirText.firstWhen(body, "effectiveDateTime", "effectivePeriod", "issued"));
    }

    private static Reading allergy(JsonNode body, Labels labels) {
        List<String> reactions = new ArrayList<>();
        for (JsonNode reaction : body.path("reaction")) {
            for (JsonNode manifestation : reaction.path("manifestation")) {
                add(reactions, FhirText.concept(manifestation));
            }
        }
        String criticality = FhirText.text(body.path("criticality"));
        String detail = join(" · ", reactions.isEmpty() ? null : String.join("、", reactions),
                criticality == null ? null : labels.get("allergy.criticality." + criticality, criticality));
        return new Reading(FhirText.concept(body.path("code")), detail.isEmpty() ? null : detail,
                FhirText.code(body.path("clinicalStatus")), FhirText.firstWhen(body, "onsetDateTime", "onsetPeriod", "recordedDate"));
    }

    private static Reading immunization(JsonNode body, Labels labels) {
        String dose = null;
        for (JsonNode protocol : body.path("protocolApplied")) {
            String number = FhirText.text(protocol.path("doseNumberPositiveInt"));
            if (number == null) {
                number = FhirText.text(protocol.path("doseNumberString"));
            }
            if (number != null) {
                dose = labels.format("immunization.dose", number);
                break;
            }
        }
        String lot = FhirText.text(body.path("lotNumber"));
        String detail = join(" · ", dose, lot == null ? null : labels.format("immunization.lot", lot));
        String status = FhirText.text(body.path("status"));
        return new Reading(FhirText.concept(body.path("vaccineCode")), detail.isEmpty() ? null : detail,
                "completed".equals(status) ? null : status, FhirText.firstWhen(body, "occurrenceDateTime", "recorded"));
    }

    private static Reading generic(JsonNode body, Labels labels) {
        String title = FhirText.concept(body.path("code"));
        if (title == null) {
            title = body.path("type").isArray() && !body.path("type").isEmpty()
                    ? FhirText.concept(body.path("type").get(0)) : FhirText.concept(body.path("type"));
        }
        if (title == null) {
            title = FhirText.firstText(body, "title", "description", "name");
        }
        return new Reading(title, FhirText.firstText(body, "description", "conclusion", "note"), null,
                FhirText.firstWhen(body, GENERIC_DATES));
    }

    /**
     * Badge colour of a status: abnormal results amber, critical ones and errors red, problems that are over
     * green, ongoing ones blue, finished or stopped things grey.
     */
    private static String flagOf(String statusCode) {
        if (statusCode == null) {
            return "muted";
        }
        return switch (statusCode) {
            case "active", "recurrence", "relapse" -> "info";
            case "in-progress", "on-hold", "interpretation.H", "interpretation.L", "interpretation.A", "interpretation.HU",
                 "interpretation.LU", "interpretation.POS" -> "warn";
            case "interpretation.HH", "interpretation.LL", "interpretation.AA", "entered-in-error" -> "bad";
            case "resolved", "inactive", "remission", "interpretation.N", "interpretation.NEG" -> "ok";
            default -> "muted";
        };
    }

    /** Badge colour of a result's interpretation code (H, LL, …), so an exam shows a flag as a person's timeline does. */
    static String interpretationFlag(String code) {
        return flagOf("interpretation." + code);
    }

    private static String join(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) {
            add(present, part);
        }
        return String.join(separator, present);
    }

    private static void add(List<String> list, String value) {
        if (value != null && !list.contains(value)) {
            list.add(value);
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    private record Reading(String title, String detail, String statusCode, FhirText.When when) {
    }
}
