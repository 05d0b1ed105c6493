package org.cityhealth.hub.ingest;

/**
 * What to answer a submission: the HTTP status and a FHIR JSON body (a response Bundle or an
 * OperationOutcome), plus the vault submission it was recorded under and whether it was a resend.
 */
public record IngestResult(int status, byte[] body, long submissionId, boolean resend) {
}
