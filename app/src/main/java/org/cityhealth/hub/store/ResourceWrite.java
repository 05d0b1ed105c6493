package org.cityhealth.hub.store;

import java.time.Instant;

/**
 * A new version of a resource to store. {@code body} is the resource JSON exactly as it will be served
 * (hub id, meta.versionId and meta.lastUpdated set, references rewritten to hub ids).
 */
public record ResourceWrite(String type, String id, int version, boolean deleted, long personKey, String patientId,
                            Instant lastUpdated, ResourceIndex index, long sourceId, String sourceResourceId,
                            String sourceVersion, long submissionId, byte[] body) {
}
