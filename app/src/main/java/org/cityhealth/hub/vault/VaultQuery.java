package org.cityhealth.hub.vault;

import java.time.Instant;

/** Filters of the vault listing; null means no filter. */
public record VaultQuery(String sourceCode, SubmissionStatus status, Instant from, Instant to, int limit, int offset) {
    public VaultQuery {
        limit = Math.max(1, Math.min(limit, 1000));
        offset = Math.max(0, offset);
    }
}
