package org.cityhealth.hub.source;

import java.time.Instant;

/** A registered sender of records. */
public record Source(long id, String code, String name, String level, String district, String kind, Instant createdAt) {
}
