package org.cityhealth.hub.vault;

import java.time.Instant;

/** One manifest row of the vault: what a source sent, when, its hashes and what became of it. */
public record VaultSubmission(long id, long sourceId, String sourceCode, Instant receivedAt, SubmissionFormat format,
                              String contentType, long sizeBytes, long storedBytes, String sha256, String sm3,
                              String objectKey, SubmissionStatus status, String reason, int resourceCount,
                              Integer httpStatus, Instant completedAt) {
}
