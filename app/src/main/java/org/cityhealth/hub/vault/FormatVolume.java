package org.cityhealth.hub.vault;

import java.time.Instant;

/** What one source sent in one wire format: how much of it was accepted, rejected or is still pending, and when it last came. */
public record FormatVolume(SubmissionFormat format, long accepted, long rejected, long pending, long resources, Instant lastReceived) {

    public long submissions() {
        return accepted + rejected + pending;
    }
}
