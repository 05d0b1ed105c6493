package org.cityhealth.identity.linkage;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Estimates a {@link MatchModel} from the data, with no labelled pairs: {@code u} from comparisons of random pairs
 * (which are almost all non-matches, so their level frequencies are the chance agreement), then {@code m} and
 * {@code lambda} by expectation–maximisation over the blocked candidate pairs with {@code u} held fixed, as Winkler
 * and later Splink do: fixing {@code u} keeps EM from drifting into a class of "same birth date" or "same surname".
 */
public final class Em {

    /** The estimated model and how EM got there. */
    public record Result(MatchModel model, int iterations, boolean converged, long pairs) {
    }

    private static final double TOLERANCE = 1e-7;

    private Em() {
    }

    /**
     * The u probabilities from {@code pairs} comparisons of records drawn at random (Laplace-smoothed so that a
     * level never drawn keeps a small probability; resident ID agreement by chance is then about 1/pairs).
     */
    public static double[][] uFromRandomPairs(List<Profile> profiles, int pairs, long seed) {
        double[][] counts = new double[Field.COUNT][];
        double[] present = new double[Field.COUNT];
        for (Field field : Field.values()) {
            counts[field.ordinal()] = new double[field.levelCount()];
        }
        if (profiles.size() >= 2) {
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < pairs; i++) {
                int a = random.nextInt(profiles.size());
                int b = random.nextInt(profiles.size() - 1);
                if (b >= a) {
                    b++;
                }
                Comparison comparison = Comparison.of(profiles.get(a), profiles.get(b));
                for (Field field : Field.values()) {
                    int level = comparison.level(field);
                    if (level >= 0) {
                        counts[field.ordinal()][level]++;
                        present[field.ordinal()]++;
                    }
                }
            }
        }
        double[][] u = new double[Field.COUNT][];
        for (Field field : Field.values()) {
            int levels = field.levelCount();
            u[field.ordinal()] = new double[levels];
            for (int level = 0; level < levels; level++) {
                u[field.ordinal()][level] = (counts[field.ordinal()][level] + 1.0 / levels) / (present[field.ordinal()] + 1);
            }
        }
        return u;
    }

    /** EM for {@code m} and {@code lambda} over the counted patterns of candidate pairs, {@code u} fixed. */
    public static Result estimate(PatternCounts pairs, MatchModel start, int maxIterations) {
        MatchModel model = start;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            MatchModel next = step(pairs, model);
            double change = Math.abs(next.lambda() - model.lambda());
            for (Field field : Field.values()) {
                for (int level = 0; level < field.levelCount(); level++) {
                    change = Math.max(change, Math.abs(next.m()[field.ordinal()][level] - model.m()[field.ordinal()][level]));
                }
            }
            model = next;
            if (change < TOLERANCE) {
                return new Result(model, iteration, true, pairs.total());
            }
        }
        return new Result(model, maxIterations, false, pairs.total());
    }

    /** EM for {@code lambda} alone, {@code m} and {@code u} fixed. */
    public static Result estimateLambda(PatternCounts pairs, MatchModel start, int maxIterations) {
        MatchModel model = start;
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            MatchModel stepped = step(pairs, model);
            MatchModel next = new MatchModel(stepped.lambda(), model.m(), model.u());
            boolean done = Math.abs(next.lambda() - model.lambda()) < TOLERANCE;
            model = next;
            if (done) {
                return new Result(model, iteration, true, pairs.total());
            }
        }
        return new Result(model, maxIterations, false, pairs.total());
    }

    private static MatchModel step(PatternCounts pairs, MatchModel model) {
        double[][] mSum = new double[Field.COUNT][];
        double[] mPresent = new double[Field.COUNT];
        for (Field field : Field.values()) {
            mSum[field.ordinal()] = new double[field.levelCount()];
        }
        double[] matches = new double[1];
        double lambda = model.lambda();
        pairs.forEach((levels, count) -> {
            // In log space: ten fields of small probabilities underflow quickly in products.
            double logMatch = Math.log(lambda);
            double logNonMatch = Math.log(1 - lambda);
            for (int f = 0; f < levels.length; f++) {
                if (levels[f] >= 0) {
                    logMatch += Math.log(Math.max(model.m()[f][levels[f]], MatchModel.FLOOR));
                    logNonMatch += Math.log(Math.max(model.u()[f][levels[f]], MatchModel.FLOOR));
                }
            }
            double posterior = 1 / (1 + Math.exp(logNonMatch - logMatch));
            double weight = posterior * count;
            matches[0] += weight;
            for (int f = 0; f < levels.length; f++) {
                if (levels[f] >= 0) {
                    mSum[f][levels[f]] += weight;
                    mPresent[f] += weight;
                }
            }
        });
        double[][] m = new double[Field.COUNT][];
        for (Field field : Field.values()) {
            int f = field.ordinal();
            m[f] = new double[field.levelCount()];
            for (int level = 0; level < m[f].length; level++) {
                m[f][level] = mPresent[f] > 0 ? Math.max(mSum[f][level] / mPresent[f], MatchModel.FLOOR) : model.m()[f][level];
            }
        }
        double newLambda = Math.min(Math.max(matches[0] / Math.max(pairs.total(), 1), 1e-9), 1 - 1e-9);
        return new MatchModel(newLambda, m, model.u());
    }
}
