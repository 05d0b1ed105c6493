package org.cityhealth.ledger.tiles;

import java.util.Objects;

/**
 * Outcome of {@link TreeAudit#audit}.
 *
 * @param ok true when every entry bundle, hash tile and the root agree
 * @param firstBadIndex the lowest entry index whose bundle, leaf hash or covering tile hash is
 *     wrong; −1 when {@code ok}, or when the only problem is that the recomputed root differs from
 *     the expected one (then no stored object is known to be wrong: the entries and tiles agree,
 *     so either they were all rewritten consistently or the expected root is not this log's)
 * @param problem one line naming the path and what is wrong with it; empty when {@code ok}
 */
public record AuditReport(boolean ok, long firstBadIndex, String problem) {

    /**
     * @throws IllegalArgumentException if the fields contradict each other
     */
    public AuditReport {
        Objects.requireNonNull(problem, "problem is null");
        if (ok && (firstBadIndex != -1 || !problem.isEmpty())) {
            throw new IllegalArgumentException("a passed audit has no bad index and no problem");
        }
        if (!ok && (firstBadIndex < -1 || problem.isEmpty())) {
            throw new IllegalArgumentException("a failed audit needs a problem and an index >= -1");
        }
    }

    static AuditReport passed() {
        return new AuditReport(true, -1, "");
    }
}
