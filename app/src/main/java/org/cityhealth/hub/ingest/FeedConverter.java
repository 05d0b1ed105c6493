package org.cityhealth.hub.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.cityhealth.hub.source.Source;
import org.cityhealth.hub.vault.SubmissionFormat;

/**
 * Turns the raw bytes of a feed that does not speak FHIR (HL7 v2, DICOM, exam-center exports, vital signs)
 * into a FHIR transaction Bundle, which then takes the same path as a Bundle sent to {@code /fhir}.
 *
 * <p>Conversion must be a pure function of the bytes (and the source): crash recovery replays a pending
 * submission through it and the scrubber re-derives damaged archives from the vault through it, and both
 * must find the very resources the first run stored. Resources therefore get ids derived from the message
 * ({@code PUT Observation/<control id>-1}), never random ones, which also makes a resend idempotent.
 */
public interface FeedConverter {

    /** The vault format this converter reads. */
    SubmissionFormat format();

    /**
     * A transaction Bundle (JSON tree). Bad input throws {@link IngestException} naming what is wrong;
     * the submission is then kept in the vault as rejected and nothing is stored.
     */
    JsonNode toBundle(Source source, byte[] raw, String contentType);
}
