package org.cityhealth.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads what the store indexes out of a resource's JSON tree. Works on Jackson trees rather than HAPI
 * model objects because ingest must handle thousands of resources a second (see docs/ARCHITECTURE.md).
 */
public final class ResourceIndexer {

    /**
     * Clinical types of the patient compartment that the hub refuses without a patient: a record that
     * belongs to nobody cannot be found again by the person it is about.
     */
    public static final Set<String> PATIENT_REQUIRED = Set.of("Encounter", "Condition", "Observation", "MedicationRequest",
            "MedicationStatement", "MedicationAdministration", "MedicationDispense", "AllergyIntolerance", "Procedure",
            "DiagnosticReport", "ImagingStudy", "Immunization", "DocumentReference", "ServiceRequest", "CarePlan",
            "Claim", "ExplanationOfBenefit", "Goal", "CareTeam", "FamilyMemberHistory", "RiskAssessment", "Specimen");

    /** Elements that hold the patient reference, in the order FHIR R4 uses them. */
    private static final List<String> PATIENT_ELEMENTS = List.of("subject", "patient", "beneficiary");

    private ResourceIndexer() {
    }

    /** The reference to the patient this resource is about ({@code Patient/…}), or null. */
    public static String patientReference(String type, JsonNode resource) {
        if ("Patient".equals(type)) {
            return null;
        }
        for (String element : PATIENT_ELEMENTS) {
            JsonNode reference = resource.path(element).path("reference");
            if (reference.isTextual() && reference.asText().startsWith("Patient/")) {
                return reference.asText();
            }
        }
        return null;
    }

    /** Extracts the index; throws {@link IllegalArgumentException} naming the element when a date is malformed. */
    public static ResourceIndex index(String type, JsonNode resource) {
        FhirDates.Range range = dateRange(type, resource);
        List<TokenIndex> tokens = new ArrayList<>();
        String codeElement = SearchParameters.CODE_ELEMENTS.get(type);
        if (codeElement != null) {
            if (codeElement.contains(".")) {
                String[] path = codeElement.split("\\.");
                for (JsonNode item : asList(resource.path(path[0]))) {
                    addCoding(tokens, "code", item.path(path[1]));
                }
            } else {
                addCodeable(tokens, "code", resource.path(codeElement));
            }
        }
        for (JsonNode category : asList(resource.path("category"))) {
            if (category.isTextual()) {
                tokens.add(new TokenIndex("category", null, category.asText()));
            } else {
                addCodeable(tokens, "category", category);
            }
        }
        for (JsonNode identifier : asList(resource.path("identifier"))) {
            JsonNode value = identifier.path("value");
            if (value.isTextual()) {
                tokens.add(new TokenIndex("identifier", textOrNull(identifier.path("system")), value.asText()));
            }
        }
        if ("Encounter".equals(type)) {
            addCoding(tokens, "class", resource.path("class"));
        }
        if ("Patient".equals(type) && resource.path("gender").isTextual()) {
            tokens.add(new TokenIndex("gender", "http://hl7.org/fhir/administrative-gender", resource.path("gender").asText()));
        }
        String status = SearchParameters.CLINICAL_STATUS_TYPES.contains(type)
                ? textOrNull(resource.path("clinicalStatus").path("coding").path(0).path("code"))
                : textOrNull(resource.path("status"));
        return new ResourceIndex(patientReference(type, resource), range == null ? null : range.low(),
                range == null ? null : range.high(), status, List.copyOf(tokens));
    }

    private static FhirDates.Range dateRange(String type, JsonNode resource) {
        for (String element : SearchParameters.DATE_ELEMENTS.getOrDefault(type, List.of())) {
            JsonNode value = resource.path(element);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            try {
                if (value.isTextual()) {
                    return FhirDates.range(value.asText());
                }
                if (value.isObject()) {
                    // A Period: an open end extends to the end of time, an open start to its beginning.
                    Instant low = value.has("start") ? FhirDates.range(value.path("start").asText()).low() : Instant.EPOCH.minusSeconds(62_000_000_000L);
                    Instant high = value.has("end") ? FhirDates.range(value.path("end").asText()).high() : Instant.parse("9999-12-31T00:00:00Z");
                    return new FhirDates.Range(low, high);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(type + "." + element + ": " + e.getMessage());
            }
            throw new IllegalArgumentException(type + "." + element + " must be a date or a Period");
        }
        return null;
    }

    private static void addCodeable(List<TokenIndex> tokens, String param, JsonNode concept) {
        for (JsonNode coding : asList(concept.path("coding"))) {
            addCoding(tokens, param, coding);
        }
    }

    private static void addCoding(List<TokenIndex> tokens, String param, JsonNode coding) {
        JsonNode code = coding.path("code");
        if (code.isTextual() && !code.asText().isEmpty()) {
            tokens.add(new TokenIndex(param, textOrNull(coding.path("system")), code.asText()));
        }
    }

    static List<JsonNode> asList(JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>(node.size());
            node.forEach(items::add);
            return items;
        }
        return node.isMissingNode() || node.isNull() ? List.of() : List.of(node);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
