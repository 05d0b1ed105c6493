package org.cityhealth.hub.fhir;

/** A request the FHIR API refuses, answered as an OperationOutcome with this status and issue type. */
final class FhirApiException extends RuntimeException {

    private final int status;
    private final String issueType;
    private final String location;

    FhirApiException(int status, String issueType, String location, String message) {
        super(message);
        this.status = status;
        this.issueType = issueType;
        this.location = location;
    }

    int status() {
        return status;
    }

    String issueType() {
        return issueType;
    }

    String location() {
        return location;
    }
}
