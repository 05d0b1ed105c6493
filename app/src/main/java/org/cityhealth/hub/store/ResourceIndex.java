package org.cityhealth.hub.store;

import java.time.Instant;
import java.util.List;

/** What the store indexes of one resource version besides its id: patient reference, date range, status and tokens. */
public record ResourceIndex(String patientReference, Instant dateLow, Instant dateHigh, String status, List<TokenIndex> tokens) {
}
