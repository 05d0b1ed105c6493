package org.cityhealth.hub.fhir;

import jakarta.servlet.http.HttpServletRequest;

/** The response format a client asked for with {@code _format} or {@code Accept}; JSON unless XML is preferred. */
enum FhirFormat {
    JSON("application/fhir+json;charset=UTF-8"), XML("application/fhir+xml;charset=UTF-8");

    private final String contentType;

    FhirFormat(String contentType) {
        this.contentType = contentType;
    }

    String contentType() {
        return contentType;
    }

    static FhirFormat of(HttpServletRequest request) {
        String format = request.getParameter("_format");
        if (format != null) {
            String value = format.toLowerCase();
            if (value.equals("xml") || value.contains("xml")) {
                return XML;
            }
            if (value.equals("json") || value.contains("json")) {
                return JSON;
            }
            throw new FhirApiException(406, "not-supported", "_format", "unsupported _format " + format + ": use json or xml");
        }
        String accept = request.getHeader("Accept");
        if (accept != null) {
            String value = accept.toLowerCase();
            int xml = firstIndex(value, "application/fhir+xml", "application/xml", "text/xml", "application/xml+fhir");
            int json = firstIndex(value, "application/fhir+json", "application/json", "application/json+fhir", "*/*");
            if (xml >= 0 && (json < 0 || xml < json)) {
                return XML;
            }
        }
        return JSON;
    }

    private static int firstIndex(String text, String... candidates) {
        int best = -1;
        for (String candidate : candidates) {
            int index = text.indexOf(candidate);
            if (index >= 0 && (best < 0 || index < best)) {
                best = index;
            }
        }
        return best;
    }
}
