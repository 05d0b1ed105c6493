package org.cityhealth.hub.vault;

import java.time.Instant;

/** One manifest row of the vault: what a source sent, when, its hashes, what became of it and whether its object is encrypted. */
public record VaultSubmission(long id, long sourceId, String sourceCode, Instant receivedAt, SubmissionFormat format,
                              String contentType, long sizeBytes, long storedBytes, String sha256, String sm3,
                              String objectKey, SubmissionStatus status, String reason, int resourceCount,
                              Integer httpStatus, Instant completedAt, boolean encrypted) {
}
