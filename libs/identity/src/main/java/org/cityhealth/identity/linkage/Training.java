package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.List;

/** Estimates the model from records: u from random pairs, then EM over the blocked pairs. */
public final class Training {

    /** Random pairs for u: enough that an agreement by chance of one in a million is seen about once. */
    public static final int RANDOM_PAIRS = 1_000_000;
    private static final int MAX_ITERATIONS = 500;

    private Training() {
    }

    /** Trains on every blocked pair of the index. */
    public static Em.Result estimate(MatchIndex index, long seed) {
        List<Profile> profiles = new ArrayList<>(index.size());
        PatternCounts pairs = new PatternCounts();
        for (int i = 0; i < index.size(); i++) {
            Profile profile = index.profile(i);
            profiles.add(profile);
            for (int j : index.candidatePositions(profile)) {
                if (j > i) {
                    pairs.add(Comparison.of(profile, index.profile(j)));
                }
            }
        }
        double[][] u = Em.uFromRandomPairs(profiles, RANDOM_PAIRS, seed);
        return Em.estimate(pairs, MatchModel.starting().withU(u), MAX_ITERATIONS);
    }
}
