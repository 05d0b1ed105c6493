package org.cityhealth.hub.clinic;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Collection;
import org.cityhealth.hub.store.StoredResource;

/**
 * Reading FHIR JSON as plain trees: an emergency summary must come back in milliseconds and must show what a source
 * sent even when the source got some detail wrong, so no HAPI model and no validation here.
 */
final class FhirNodes {

    /**
     * Decimals are read as written ({@code 1.50} stays {@code 1.50}) because the IPS document embeds the stored bodies
     * and must not change a measured value's precision.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private FhirNodes() {
    }

    /** The resource's body as a JSON object, or null when it is deleted or its body is not a JSON object. */
    static JsonNode parse(StoredResource resource) {
        if (resource.deleted() || resource.body() == null) {
            return null;
        }
        try {
            JsonNode body = MAPPER.readTree(resource.body());
            return body != null && body.isObject() ? body : null;
        } catch (IOException unreadable) {
            // One damaged body must not withhold the rest of the summary from an emergency doctor.
            return null;
        }
    }

    /**
     * Whether a UTF-8 body contains one of the ASCII words anywhere. Searching is an order of magnitude cheaper than
     * parsing, so a body that cannot matter (a completed prescription, a blood count) is not parsed. Read as
     * ISO-8859-1 the bytes keep their positions, so ASCII words match exactly, and the JVM copies and searches such
     * strings with vector instructions.
     */
    static boolean mentions(byte[] body, Collection<String> words) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    static String reference(StoredResource resource) {
        return resource.type() + "/" + resource.id();
    }

    /** A non-blank string value, or null. */
    static String string(JsonNode node) {
        String value = node.textValue();
        return value == null || value.isBlank() ? null : value;
    }

    /** What a CodeableConcept says to a reader: its text, else its first coding's display, else that coding's code. */
    static String text(JsonNode concept) {
        String text = string(concept.path("text"));
        if (text != null) {
            return text;
        }
        for (JsonNode coding : concept.path("coding")) {
            String display = string(coding.path("display"));
            if (display != null) {
                return display;
            }
            String code = string(coding.path("code"));
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** The code of a coded status such as {@code clinicalStatus}, or null. */
    static String statusCode(JsonNode concept) {
        for (JsonNode coding : concept.path("coding")) {
            String code = string(coding.path("code"));
            if (code != null) {
                return code;
            }
        }
        return null;
    }

    /** The first coding whose system starts with one of {@code systems}, tried in order, else the first coding. */
    static JsonNode preferredCoding(JsonNode concept, String... systems) {
        JsonNode codings = concept.path("coding");
        for (String system : systems) {
            for (JsonNode coding : codings) {
                String codingSystem = coding.path("system").textValue();
                if (codingSystem != null && codingSystem.startsWith(system) && string(coding.path("code")) != null) {
                    return coding;
                }
            }
        }
        return codings.path(0);
    }

    /**
     * The calendar day of a FHIR date or dateTime as written (its local day, which is what a clinician reads), or
     * null when the value is missing, not a date or only a year or month.
     */
    static LocalDate date(JsonNode value) {
        String text = value.textValue();
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeException notADate) {
            return null;
        }
    }

    /** The first of the values that is a date, or null. */
    static LocalDate firstDate(JsonNode... values) {
        for (JsonNode value : values) {
            LocalDate date = date(value);
            if (date != null) {
                return date;
            }
        }
        return null;
    }
}
