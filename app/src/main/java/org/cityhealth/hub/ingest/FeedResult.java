package org.cityhealth.hub.ingest;

/**
 * The outcome of a feed message: the FHIR-level result, plus, when it was refused (now or, for a resend, the
 * first time), the reason recorded in the vault and, for a refusal now, the exception naming the offending
 * element, from which HL7 v2 builds its ERR segment and DICOM its failure status.
 */
public record FeedResult(IngestResult result, String reason, IngestException refusal) {

    public boolean accepted() {
        return result.status() < 300;
    }
}
