package org.cityhealth.synthetic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reading generated JSON back the way a consumer would: with a plain Jackson tree, no FHIR library. */
final class FhirTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Resource types whose patient link is {@code patient} rather than {@code subject} in R4. */
    static final Set<String> PATIENT_FIELD = Set.of("AllergyIntolerance", "Immunization");

    private FhirTestSupport() {
    }

    static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code reference} string anywhere inside {@code node}. */
    static List<String> references(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("reference") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /** The patient reference of a clinical resource, by the field R4 defines for its type. */
    static String patientReference(JsonNode resource) {
        String field = PATIENT_FIELD.contains(resource.path("resourceType").asText()) ? "patient" : "subject";
        return resource.path(field).path("reference").asText(null);
    }

    static boolean clinical(String type) {
        return !type.equals("Patient") && !type.equals("Organization") && !type.equals("Practitioner");
    }
}
