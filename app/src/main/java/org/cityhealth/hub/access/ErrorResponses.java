package org.cityhealth.hub.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.cityhealth.hub.JsonStrings;

/**
 * Writes authentication and authorisation failures in the form each part of the hub speaks: a FHIR
 * OperationOutcome under {@code /fhir}, RFC 9457 problem details for the other APIs, a redirect to the
 * login page for the web UI.
 */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static boolean isFhir(HttpServletRequest request) {
        return pathOf(request).startsWith("/fhir");
    }

    static boolean isApi(HttpServletRequest request) {
        String path = pathOf(request);
        return isFhir(request) || path.startsWith("/admin") || path.startsWith("/ingest") || path.startsWith("/dicomweb") || path.startsWith("/api") || path.startsWith("/auth/") || path.startsWith("/ledger")
                || path.startsWith("/actuator") || request.getHeader("Authorization") != null;
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String fhirCode, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setCharacterEncoding("UTF-8");
        String body;
        if (isFhir(request)) {
            response.setContentType("application/fhir+json;charset=UTF-8");
            body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + fhirCode
                    + "\",\"diagnostics\":\"" + JsonStrings.escape(detail) + "\"}]}";
        } else {
            response.setContentType("application/problem+json");
            body = "{\"type\":\"about:blank\",\"title\":\"" + JsonStrings.escape(title) + "\",\"status\":" + status
                    + ",\"detail\":\"" + JsonStrings.escape(detail) + "\",\"instance\":\"" + JsonStrings.escape(pathOf(request)) + "\"}";
        }
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
