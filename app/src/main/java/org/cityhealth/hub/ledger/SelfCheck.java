package org.cityhealth.hub.ledger;

import java.time.Instant;

/**
 * The hub re-verifying its own published log from storage: the checkpoint's signatures and quorum, and every entry
 * and tile recomputed against its root. It catches storage that was altered behind the hub's back; it is no
 * substitute for independent verifiers ({@code ./cityhealth ledger verify}, witnesses).
 *
 * @param firstBadIndex the first entry found wrong, or -1
 */
public record SelfCheck(Instant at, long size, int cosignatures, boolean ok, long firstBadIndex, String problem, long millis) {
}
