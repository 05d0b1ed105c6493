package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Gives every resident a birth date and a sequence lane such that no two residents share a resident ID, without
 * remembering anyone: the ID is region + birth date + sequence, and the plan makes (birth date, sequence) unique by
 * construction.
 *
 * <p>Ordinary residents are shuffled by a keyed Feistel permutation into 499 lanes; lane {@code l} owns sequences
 * {@code 2l} (women) and {@code 2l+1} (men). Within a lane the residents' birth dates are the quantiles
 * {@code (q + φ) / Q} of the city's age pyramid, and consecutive quantiles lie more than a day apart as long as a lane
 * holds fewer people than the pyramid's densest single day could separate (about 20,000, so up to ~10 million
 * residents). The result is a stratified sample of the pyramid: realistic ages, unique IDs, and any resident's identity
 * computable from its index alone.
 *
 * <p>Heavy residents use the spare lane 499 (sequences 998/999) with birth days spread over the twenty years that make
 * them 60–80 years old at the end of the history.
 */
final class IdentityPlan {

    /** Lanes for ordinary residents; lane {@value} itself is reserved for heavy residents. */
    static final int LANES = 499;
    private static final int HEAVY_SPAN_DAYS = 7300;
    /** A prime step that visits all {@value #HEAVY_SPAN_DAYS} days before repeating one. */
    private static final long HEAVY_STEP = 7919;
    private static final double DAYS_PER_YEAR = 365.2425;

    /**
     * Share of residents per five-year group of the age they would reach at the end of the history (0–4 … 95–99): a
     * Hangzhou-like pyramid of the 2020s with the 1985–1990 baby boom, in-migration of working ages and few recent
     * births. The old groups are fatter than a census of the living because these are everyone who lived in the city
     * during the history, including those who die in it.
     */
    private static final double[] AGE_GROUP_SHARE = {
            3.6, 4.8, 5.6, 5.4, 5.4, 6.6, 8.0, 8.6, 7.2, 6.6, 7.4, 7.8, 6.8, 5.6, 5.0, 3.8, 2.8, 1.9, 1.0, 0.4};

    /** A resident's place in the plan. */
    record Slot(LocalDate birthDate, int lane) {
        int sequence(boolean male) {
            return 2 * lane + (male ? 1 : 0);
        }
    }

    private final long seed;
    private final LocalDate reference;
    private final int heavy;
    private final long ordinary;
    /** Population older than the lower bound of each group, from the oldest group down, normalised to 1. */
    private final double[] olderThan;

    IdentityPlan(CitySpec spec) {
        this.seed = spec.seed();
        this.reference = spec.historyEnd();
        this.heavy = spec.heavyResidents();
        this.ordinary = (long) spec.residents() - heavy;
        double total = 0;
        for (double share : AGE_GROUP_SHARE) {
            total += share;
        }
        olderThan = new double[AGE_GROUP_SHARE.length + 1];
        double running = 0;
        for (int group = AGE_GROUP_SHARE.length - 1; group >= 0; group--) {
            running += AGE_GROUP_SHARE[group] / total;
            olderThan[group] = running;
        }
        olderThan[AGE_GROUP_SHARE.length] = 0;
    }

    Slot slot(int index) {
        if (index < heavy) {
            long offset = (index * HEAVY_STEP) % HEAVY_SPAN_DAYS;
            return new Slot(reference.minusYears(80).plusDays(offset), LANES);
        }
        long position = permute(index - heavy, ordinary, Seeds.derive(seed, Seeds.Stream.IDENTITY, -1));
        int lane = (int) (position % LANES);
        long rank = position / LANES;
        return new Slot(reference.minusDays(daysBeforeReference(lane, rank, laneSize(lane))), lane);
    }

    /**
     * Whether an ordinary resident's slot is ({@code date}, {@code lane}), lane being one of the {@value #LANES}
     * ordinary ones. Exact and cheap: within a lane the birth date never decreases with the rank (the quantile grows,
     * the age function falls, and IEEE arithmetic keeps both monotone), so a binary search over the ranks finds the one
     * resident who could be born that day. Twins use this to prove that a sequence number is free on their birth date.
     */
    boolean occupied(LocalDate date, int lane) {
        if (lane < 0 || lane >= LANES) {
            throw new IllegalArgumentException("not an ordinary lane: " + lane);
        }
        long size = laneSize(lane);
        long target = ChronoUnit.DAYS.between(date, reference);
        // Days before the reference fall as the rank grows: find the first rank at most `target` days before.
        long low = 0;
        long high = size;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (daysBeforeReference(lane, middle, size) <= target) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low < size && daysBeforeReference(lane, low, size) == target;
    }

    /** Ordinary residents in {@code lane}: positions {@code lane}, {@code lane + LANES} … below their number. */
    private long laneSize(int lane) {
        return (ordinary - lane + LANES - 1) / LANES;
    }

    /** The birth day of the resident of {@code rank} in {@code lane}, counted back from the end of the history. */
    private long daysBeforeReference(int lane, long rank, long laneSize) {
        double phase = Seeds.unit(seed, Seeds.Stream.IDENTITY, lane, 0);
        double quantile = (rank + phase) / laneSize;
        return (long) Math.floor(ageAt(quantile) * DAYS_PER_YEAR);
    }

    /** The age in years of the person at {@code quantile} of the population ordered oldest (0) to youngest (1). */
    double ageAt(double quantile) {
        // olderThan[g] is the share at least 5g years old; walk from the oldest group down.
        for (int group = AGE_GROUP_SHARE.length - 1; group >= 0; group--) {
            double above = olderThan[group + 1];
            double atLeast = olderThan[group];
            if (quantile < atLeast || group == 0) {
                double within = (quantile - above) / (atLeast - above);
                return 5.0 * (group + 1) - 5.0 * Math.min(Math.max(within, 0), 0.999999);
            }
        }
        throw new AssertionError();
    }

    /** A keyed bijection of [0, domain): a balanced Feistel network on the next even power of two, cycle-walked. */
    static long permute(long value, long domain, long key) {
        if (domain <= 1) {
            return 0;
        }
        int bits = 64 - Long.numberOfLeadingZeros(domain - 1);
        bits = Math.max(2, bits + (bits & 1));
        int half = bits / 2;
        long mask = (1L << half) - 1;
        long result = value;
        do {
            long left = result >>> half;
            long right = result & mask;
            for (int round = 0; round < 4; round++) {
                long next = left ^ (Seeds.mix(right ^ key ^ (round * 0x9E3779B97F4A7C15L)) & mask);
                left = right;
                right = next;
            }
            result = (left << half) | right;
        } while (result >= domain);
        return result;
    }
}
