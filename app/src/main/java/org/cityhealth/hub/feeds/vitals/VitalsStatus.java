package org.cityhealth.hub.feeds.vitals;

import java.time.Instant;

/**
 * What the vital-signs feed is doing, for the operator's page.
 *
 * @param enabled           a broker is configured
 * @param connected         the subscriber holds a connection to the broker now
 * @param lastBatch         when the last batch was stored, or null
 * @param lastBatchReadings readings stored by that batch
 * @param readingsPerSecond readings stored per second over the last minute
 */
public record VitalsStatus(boolean enabled, boolean connected, Instant lastBatch, int lastBatchReadings, double readingsPerSecond) {
}
