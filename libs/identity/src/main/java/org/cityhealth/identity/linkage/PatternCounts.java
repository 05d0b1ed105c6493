package org.cityhealth.identity.linkage;

import java.util.HashMap;
import java.util.Map;

/** How often each comparison pattern occurred: EM needs no more than that, however many pairs were compared. */
public final class PatternCounts {

    private final Map<Integer, long[]> counts = new HashMap<>();
    private long total;

    public void add(Comparison comparison) {
        add(comparison.pattern(), 1);
    }

    public synchronized void add(int pattern, long count) {
        counts.computeIfAbsent(pattern, p -> new long[1])[0] += count;
        total += count;
    }

    public synchronized void addAll(PatternCounts other) {
        other.counts.forEach((pattern, count) -> add(pattern, count[0]));
    }

    public long total() {
        return total;
    }

    int patterns() {
        return counts.size();
    }

    /** Calls back with each pattern's levels and its count. */
    void forEach(PatternVisitor visitor) {
        counts.forEach((pattern, count) -> visitor.visit(Comparison.levelsOf(pattern), count[0]));
    }

    @FunctionalInterface
    interface PatternVisitor {
        void visit(int[] levels, long count);
    }
}
