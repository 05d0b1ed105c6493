package org.cityhealth.hub.store;

import java.time.Instant;

/**
 * One resource version in a cold archive: enough to put it back in place and to check that what comes back
 * is byte for byte what left.
 */
public record ArchivedRecord(String type, String id, int version, boolean current, boolean deleted, Instant lastUpdated,
                             long submissionId, String sha256, byte[] body) {

    public String key() {
        return type + "/" + id + "/" + version;
    }
}
