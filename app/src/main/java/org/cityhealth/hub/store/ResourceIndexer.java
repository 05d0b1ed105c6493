package org.cityhealth.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
        if ("DocumentReference".equals(type)) {
            ContentTerms.of(documentText(resource)).forEach(term -> tokens.add(new TokenIndex(ContentTerms.PARAM, null, term)));
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

    /**
     * What {@code _content} finds a document by: its description and its plain-text attachments (an exam PDF's extracted
     * text, an HL7 document's text). Other attachments (PDF, images) are not read here.
     */
    private static String documentText(JsonNode document) {
        StringBuilder text = new StringBuilder(document.path("description").asText(""));
        for (JsonNode content : asList(document.path("content"))) {
            JsonNode attachment = content.path("attachment");
            String contentType = attachment.path("contentType").asText("");
            if (contentType.toLowerCase(Locale.ROOT).startsWith("text/plain") && attachment.path("data").isTextual()) {
                try {
                    text.append('\n').append(new String(Base64.getMimeDecoder().decode(attachment.path("data").asText()), charset(contentType)));
                } catch (IllegalArgumentException notBase64) {
                    // Kept as sent; a document whose text cannot be decoded is found by its other parameters only.
                }
            }
        }
        return text.toString();
    }

    /** The charset parameter of a text type, UTF-8 when absent or unknown. */
    private static Charset charset(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equalsIgnoreCase("charset")) {
                try {
                    return Charset.forName(pair[1].strip().replace("\"", ""));
                } catch (IllegalArgumentException unknown) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
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
