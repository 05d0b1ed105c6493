package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Estimates the model from the records alone, the way Splink does: {@code u} from comparisons of random pairs,
 * then {@code m} by EM in several sessions, each over the pairs that share one kind of blocking key, with the
 * fields that key constrains left out of that session (pairs blocked on the phone all agree on the phone, which
 * says nothing about how often matches agree on it). Each field's {@code m} is the mean over the sessions that
 * estimated it. A single EM over all blocked pairs with {@code u} from random pairs would call every blocked pair a
 * match, since blocked non-matches agree far more than random pairs do.
 */
public final class Training {

    /** Random pairs for u: enough that an agreement by chance of one in a million is seen about once. */
    public static final int RANDOM_PAIRS = 1_000_000;
    /** Records whose blocked pairs EM sees at most; a larger index is sampled (parameters, not links, are estimated). */
    public static final int SAMPLE_RECORDS = 200_000;
    private static final int MAX_ITERATIONS = 500;

    /** One EM session: pairs sharing a key of {@code kind}, with the fields it constrains left out. */
    private record Session(String kind, Set<Field> constrained) {
    }

    private static final List<Session> SESSIONS = List.of(
            new Session("id:", EnumSet.of(Field.RESIDENT_ID, Field.BIRTH_DATE, Field.SEX)),
            new Session("ny:", EnumSet.of(Field.NAME, Field.BIRTH_DATE)),
            new Session("bd:", EnumSet.of(Field.BIRTH_DATE)),
            new Session("ph:", EnumSet.of(Field.PHONE)));

    private Training() {
    }

    /** Trains on the blocked pairs of the index. */
    public static Em.Result estimate(MatchIndex index, long seed) {
        List<Profile> profiles = new ArrayList<>(index.size());
        for (int i = 0; i < index.size(); i++) {
            profiles.add(index.profile(i));
        }
        double[][] u = Em.uFromRandomPairs(profiles, RANDOM_PAIRS, seed);
        MatchModel start = MatchModel.starting().withU(u);
        double[][] mSum = new double[Field.COUNT][];
        int[] sessions = new int[Field.COUNT];
        for (Field field : Field.values()) {
            mSum[field.ordinal()] = new double[field.levelCount()];
        }
        int iterations = 0;
        boolean converged = true;
        for (Session session : SESSIONS) {
            PatternCounts pairs = pairs(index, session);
            if (pairs.total() == 0) {
                continue;
            }
            Em.Result result = Em.estimate(pairs, start, MAX_ITERATIONS);
            iterations += result.iterations();
            converged &= result.converged();
            for (Field field : Field.values()) {
                if (!session.constrained().contains(field)) {
                    for (int level = 0; level < field.levelCount(); level++) {
                        mSum[field.ordinal()][level] += result.model().m()[field.ordinal()][level];
                    }
                    sessions[field.ordinal()]++;
                }
            }
        }
        double[][] m = new double[Field.COUNT][];
        for (Field field : Field.values()) {
            int f = field.ordinal();
            m[f] = sessions[f] == 0 ? start.m()[f].clone() : mSum[f].clone();
            for (int level = 0; level < m[f].length && sessions[f] > 0; level++) {
                m[f][level] /= sessions[f];
            }
        }
        // lambda over all blocked pairs, with m and u now fixed: one expectation step is the estimate.
        PatternCounts all = pairs(index, new Session("", EnumSet.noneOf(Field.class)));
        MatchModel combined = new MatchModel(start.lambda(), m, u);
        Em.Result lambda = Em.estimateLambda(all, combined, MAX_ITERATIONS);
        return new Em.Result(lambda.model(), iterations + lambda.iterations(), converged && lambda.converged(), all.total());
    }

    /**
     * The blocked pairs of a session, from every record or, in a large index, from every k-th record with each of
     * its candidates (a pair of two sampled records counted once).
     */
    private static PatternCounts pairs(MatchIndex index, Session session) {
        PatternCounts pairs = new PatternCounts();
        int step = Math.max(1, (int) Math.ceil((double) index.size() / SAMPLE_RECORDS));
        for (int i = 0; i < index.size(); i += step) {
            Profile profile = index.profile(i);
            for (int j : index.candidatePositions(profile, session.kind())) {
                if (j != i && (j > i || j % step != 0)) {
                    int[] levels = Comparison.of(profile, index.profile(j)).levels().clone();
                    for (Field field : session.constrained()) {
                        levels[field.ordinal()] = -1;
                    }
                    pairs.add(new Comparison(levels));
                }
            }
        }
        return pairs;
    }
}
