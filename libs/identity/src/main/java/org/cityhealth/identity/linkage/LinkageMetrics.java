package org.cityhealth.identity.linkage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Pairwise precision, recall and F1 of a clustering against the truth, the usual measure of record linkage: a pair
 * of records is a true positive when both the truth and the linkage put it in one person.
 */
public final class LinkageMetrics {

    /** Pair counts and the measures derived from them. */
    public record Counts(long truePositives, long falsePositives, long falseNegatives) {
        public double precision() {
            long predicted = truePositives + falsePositives;
            return predicted == 0 ? 1 : (double) truePositives / predicted;
        }

        public double recall() {
            long actual = truePositives + falseNegatives;
            return actual == 0 ? 1 : (double) truePositives / actual;
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "precision %.4f  recall %.4f  F1 %.4f  (pairs: %,d true, %,d false, %,d missed)",
                    precision(), recall(), f1(), truePositives, falsePositives, falseNegatives);
        }
    }

    private final int[] truth;
    private final int[] predicted;

    /** Both arrays give, per record, a cluster label; labels need only be equal within a cluster. */
    public LinkageMetrics(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and prediction differ in length");
        }
        this.truth = truth;
        this.predicted = predicted;
    }

    /** Counts over the pairs that {@code include} accepts (record positions a < b). */
    public Counts counts(BiPredicate<Integer, Integer> include) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (List<Integer> cluster : groups(predicted)) {
            for (int x = 0; x < cluster.size(); x++) {
                for (int y = x + 1; y < cluster.size(); y++) {
                    int a = cluster.get(x);
                    int b = cluster.get(y);
                    if (include.test(a, b)) {
                        if (truth[a] == truth[b]) {
                            tp++;
                        } else {
                            fp++;
                        }
                    }
                }
            }
        }
        for (List<Integer> cluster : groups(truth)) {
            for (int x = 0; x < cluster.size(); x++) {
                for (int y = x + 1; y < cluster.size(); y++) {
                    int a = cluster.get(x);
                    int b = cluster.get(y);
                    if (predicted[a] != predicted[b] && include.test(a, b)) {
                        fn++;
                    }
                }
            }
        }
        return new Counts(tp, fp, fn);
    }

    public Counts all() {
        return counts((a, b) -> true);
    }

    /** Predicted same-person pairs that {@code test} accepts (e.g. pairs the truth knows to be twins). */
    public long linkedPairs(BiPredicate<Integer, Integer> test) {
        long count = 0;
        for (List<Integer> cluster : groups(predicted)) {
            for (int x = 0; x < cluster.size(); x++) {
                for (int y = x + 1; y < cluster.size(); y++) {
                    if (test.test(cluster.get(x), cluster.get(y))) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static List<List<Integer>> groups(int[] labels) {
        Map<Integer, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            groups.computeIfAbsent(labels[i], label -> new ArrayList<>(2)).add(i);
        }
        return new ArrayList<>(groups.values());
    }
}
