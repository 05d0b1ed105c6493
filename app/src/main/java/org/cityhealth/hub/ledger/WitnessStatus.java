package org.cityhealth.hub.ledger;

import java.time.Instant;

/** A configured witness and how its last requests went. */
public record WitnessStatus(String name, String url, String key, long cosignedSize, Instant lastSuccess, Instant lastAttempt,
                            String lastProblem) {

    public boolean healthy() {
        return lastProblem == null && lastSuccess != null;
    }
}
