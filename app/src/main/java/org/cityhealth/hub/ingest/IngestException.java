package org.cityhealth.hub.ingest;

/**
 * A submission that cannot be stored, with the HTTP status, the FHIR issue type and the reason; the
 * FHIR API turns it into an OperationOutcome. {@code location} names the offending element (FHIRPath-like).
 */
public class IngestException extends RuntimeException {

    private final int status;
    private final String issueType;
    private final String location;

    public IngestException(int status, String issueType, String location, String message) {
        super(message);
        this.status = status;
        this.issueType = issueType;
        this.location = location;
    }

    public static IngestException invalid(String location, String message) {
        return new IngestException(400, "invalid", location, message);
    }

    public int status() {
        return status;
    }

    public String issueType() {
        return issueType;
    }

    public String location() {
        return location;
    }
}
