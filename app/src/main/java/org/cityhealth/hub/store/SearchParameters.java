package org.cityhealth.hub.store;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which element of each resource type feeds the hub's search parameters. The hub indexes one date, one
 * code, category, status and identifier per type: the parameters the backbone promises. A type's own R4
 * name for its date and code parameter (e.g. {@code authoredon}, {@code vaccine-code}) is accepted as an
 * alias of {@code date} and {@code code}.
 */
public final class SearchParameters {

    /** Element names tried in order for the date range of each type (choice types spelled out). */
    static final Map<String, List<String>> DATE_ELEMENTS = Map.ofEntries(
            Map.entry("Encounter", List.of("period")),
            Map.entry("Observation", List.of("effectiveDateTime", "effectivePeriod", "effectiveInstant", "issued")),
            Map.entry("Condition", List.of("onsetDateTime", "onsetPeriod", "recordedDate")),
            Map.entry("MedicationRequest", List.of("authoredOn")),
            Map.entry("MedicationStatement", List.of("effectiveDateTime", "effectivePeriod", "dateAsserted")),
            Map.entry("MedicationAdministration", List.of("effectiveDateTime", "effectivePeriod")),
            Map.entry("MedicationDispense", List.of("whenHandedOver", "whenPrepared")),
            Map.entry("AllergyIntolerance", List.of("recordedDate", "onsetDateTime")),
            Map.entry("Procedure", List.of("performedDateTime", "performedPeriod")),
            Map.entry("DiagnosticReport", List.of("effectiveDateTime", "effectivePeriod", "issued")),
            Map.entry("ImagingStudy", List.of("started")),
            Map.entry("Immunization", List.of("occurrenceDateTime")),
            Map.entry("DocumentReference", List.of("date")),
            Map.entry("ServiceRequest", List.of("authoredOn")),
            Map.entry("CarePlan", List.of("period")),
            Map.entry("Claim", List.of("created")),
            Map.entry("ExplanationOfBenefit", List.of("created")),
            Map.entry("Composition", List.of("date")),
            Map.entry("Patient", List.of("birthDate")));

    /** R4 names of each type's date parameter, accepted besides {@code date}. */
    static final Map<String, Set<String>> DATE_ALIASES = Map.of(
            "Condition", Set.of("onset-date", "recorded-date"),
            "MedicationRequest", Set.of("authoredon"),
            "ServiceRequest", Set.of("authored"),
            "MedicationStatement", Set.of("effective"),
            "ImagingStudy", Set.of("started"),
            "Patient", Set.of("birthdate"),
            "Claim", Set.of("created"),
            "ExplanationOfBenefit", Set.of("created"),
            "MedicationDispense", Set.of("whenhandedover"));

    /** Element holding each type's code (a CodeableConcept, or Codings for ImagingStudy's modality). */
    static final Map<String, String> CODE_ELEMENTS = Map.ofEntries(
            Map.entry("Observation", "code"),
            Map.entry("Condition", "code"),
            Map.entry("Procedure", "code"),
            Map.entry("AllergyIntolerance", "code"),
            Map.entry("DiagnosticReport", "code"),
            Map.entry("MedicationRequest", "medicationCodeableConcept"),
            Map.entry("MedicationStatement", "medicationCodeableConcept"),
            Map.entry("MedicationAdministration", "medicationCodeableConcept"),
            Map.entry("MedicationDispense", "medicationCodeableConcept"),
            Map.entry("Medication", "code"),
            Map.entry("Immunization", "vaccineCode"),
            Map.entry("DocumentReference", "type"),
            Map.entry("ServiceRequest", "code"),
            Map.entry("Encounter", "type"),
            Map.entry("ImagingStudy", "series.modality"));

    static final Map<String, Set<String>> CODE_ALIASES = Map.of(
            "Immunization", Set.of("vaccine-code"),
            "DocumentReference", Set.of("type"),
            "Encounter", Set.of("type"),
            "ImagingStudy", Set.of("modality"));

    /** Types whose clinical status code stands in for {@code status}. */
    static final Set<String> CLINICAL_STATUS_TYPES = Set.of("Condition", "AllergyIntolerance");

    /** Search parameters every type accepts, beyond its date and code aliases. */
    public static final Set<String> COMMON = Set.of("_id", "_lastUpdated", "patient", "subject", "date", "code", "category",
            "status", "clinical-status", "identifier", "class", "gender");

    /** Types whose text {@code _content} searches (see {@link ResourceIndexer}). */
    public static final Set<String> CONTENT_TYPES = Set.of("DocumentReference");

    private SearchParameters() {
    }

    /** The canonical parameter ({@code date}, {@code code}, …) that {@code name} stands for on {@code type}, or null. */
    public static String canonical(String type, String name) {
        if (COMMON.contains(name)) {
            return switch (name) {
                case "subject" -> "patient";
                case "clinical-status" -> "status";
                default -> name;
            };
        }
        if (ContentTerms.PARAM.equals(name)) {
            return CONTENT_TYPES.contains(type) ? name : null;
        }
        if (DATE_ALIASES.getOrDefault(type, Set.of()).contains(name)) {
            return "date";
        }
        if (CODE_ALIASES.getOrDefault(type, Set.of()).contains(name)) {
            return "code";
        }
        return null;
    }

    public static boolean hasDate(String type) {
        return DATE_ELEMENTS.containsKey(type);
    }
}
