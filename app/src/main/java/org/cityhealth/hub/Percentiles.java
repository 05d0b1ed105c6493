package org.cityhealth.hub;

/** Nearest-rank percentiles of measured latencies: one definition for the bench commands and the feed clients. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code percent}th percentile (0–100) of ascending {@code sorted} by nearest rank; NaN when there are none. */
    public static double of(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
