package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.cityhealth.hub.FhirConfiguration.FhirJson;

/** FHIR OperationOutcome bodies. */
public final class OperationOutcomes {

    private OperationOutcomes() {
    }

    public static ObjectNode tree(FhirJson json, String issueType, String location, String message) {
        ObjectNode outcome = json.mapper().createObjectNode();
        outcome.put("resourceType", "OperationOutcome");
        ObjectNode issue = outcome.putArray("issue").addObject();
        issue.put("severity", "informational".equals(issueType) ? "information" : "error");
        issue.put("code", issueType);
        issue.put("diagnostics", message);
        if (location != null && !location.isEmpty()) {
            issue.putArray("expression").add(location);
        }
        return outcome;
    }

    public static byte[] json(FhirJson json, String issueType, String location, String message) {
        try {
            return json.mapper().writeValueAsBytes(tree(json, issueType, location, message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            default -> "Error";
        };
    }
}
