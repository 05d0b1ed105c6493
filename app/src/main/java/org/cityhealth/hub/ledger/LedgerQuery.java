package org.cityhealth.hub.ledger;

import java.time.Instant;

/**
 * An auditor's search; null fields do not filter.
 *
 * @param before only entries with a smaller index (paging backwards from the newest)
 */
public record LedgerQuery(String actor, String action, String person, String decision, Instant from, Instant to, Long before, int limit) {
}
