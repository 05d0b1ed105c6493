package org.cityhealth.hub.fhir;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.cityhealth.hub.FhirConfiguration.FhirJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Answers of the FHIR endpoints: JSON as stored, XML converted on the way out; the server's base URL. */
final class FhirResponses {

    private FhirResponses() {
    }

    static ResponseEntity<byte[]> respond(FhirJson json, int status, byte[] jsonBody, FhirFormat format, boolean alreadyEncoded) {
        byte[] body = jsonBody;
        if (format == FhirFormat.XML && !alreadyEncoded) {
            var resource = json.context().newJsonParser().parseResource(new String(jsonBody, StandardCharsets.UTF_8));
            body = json.context().newXmlParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
        }
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, format.contentType()).body(body);
    }

    static FhirFormat safeFormat(HttpServletRequest request) {
        try {
            return FhirFormat.of(request);
        } catch (FhirApiException e) {
            return FhirFormat.JSON;
        }
    }

    static String baseUrl() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/fhir").toUriString();
    }
}
