package org.cityhealth.hub.store;

import java.time.Instant;

/** A stored resource version with its provenance. */
public record StoredResource(String type, String id, int version, boolean deleted, long personKey, Instant lastUpdated,
                             long sourceId, String sourceResourceId, long submissionId, byte[] body) {
}
