package org.cityhealth.hub.ledger;

import java.time.Instant;

/** One indexed entry, as auditors search them. */
public record LedgerRow(long index, Instant recordedAt, String actor, String role, String action, String person, String decision) {
}
