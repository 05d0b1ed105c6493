package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;

class LinkageMetricsTest {

    @Test
    void handComputedExample() {
        // Truth {0,1,2} {3,4}; predicted {0,1} {2,3,4}.
        // True pairs: 01 02 12 34. Predicted pairs: 01 23 24 34. TP: 01 34. FP: 23 24. FN: 02 12.
        LinkageMetrics.Counts counts = new LinkageMetrics(new int[] {0, 0, 0, 1, 1}, new int[] {5, 5, 9, 9, 9}).all();
        assertThat(counts).isEqualTo(new LinkageMetrics.Counts(2, 2, 2));
        assertThat(counts.precision()).isEqualTo(0.5);
        assertThat(counts.recall()).isEqualTo(0.5);
        assertThat(counts.f1()).isEqualTo(0.5);
    }

    @Test
    void anotherHandComputedExample() {
        // Truth {0,1,2,3}; predicted {0,1,2} {3}. TP 3 (01 02 12), FP 0, FN 3 (03 13 23).
        LinkageMetrics.Counts counts = new LinkageMetrics(new int[] {1, 1, 1, 1}, new int[] {0, 0, 0, 3}).all();
        assertThat(counts).isEqualTo(new LinkageMetrics.Counts(3, 0, 3));
        assertThat(counts.precision()).isEqualTo(1.0);
        assertThat(counts.recall()).isEqualTo(0.5);
        assertThat(counts.f1()).isCloseTo(2 * 0.5 / 1.5, within(1e-12));
    }

    @Test
    void linkingEverythingOfSingletons() {
        LinkageMetrics.Counts counts = new LinkageMetrics(new int[] {0, 1, 2}, new int[] {7, 7, 7}).all();
        assertThat(counts).isEqualTo(new LinkageMetrics.Counts(0, 3, 0));
        assertThat(counts.precision()).isZero();
        assertThat(counts.recall()).isEqualTo(1.0); // nothing to find
        assertThat(counts.f1()).isZero();
    }

    @Test
    void linkingNothing() {
        LinkageMetrics.Counts counts = new LinkageMetrics(new int[] {0, 0, 1, 1}, new int[] {0, 1, 2, 3}).all();
        assertThat(counts).isEqualTo(new LinkageMetrics.Counts(0, 0, 2));
        assertThat(counts.precision()).isEqualTo(1.0); // nothing claimed
        assertThat(counts.recall()).isZero();
        assertThat(counts.f1()).isZero();
    }

    @Test
    void aPerfectClusteringScoresOneWhateverTheLabels() {
        LinkageMetrics.Counts counts = new LinkageMetrics(new int[] {3, 3, 8, 1, 8, 3}, new int[] {-4, -4, 0, 12, 0, -4}).all();
        assertThat(counts.precision()).isEqualTo(1.0);
        assertThat(counts.recall()).isEqualTo(1.0);
        assertThat(counts.f1()).isEqualTo(1.0);
        assertThat(counts.truePositives()).isEqualTo(4);
        LinkageMetrics.Counts singletons = new LinkageMetrics(new int[] {0, 1, 2}, new int[] {2, 1, 0}).all();
        assertThat(singletons).isEqualTo(new LinkageMetrics.Counts(0, 0, 0));
        assertThat(singletons.f1()).isEqualTo(1.0);
        assertThat(new LinkageMetrics(new int[0], new int[0]).all().f1()).isEqualTo(1.0);
    }

    @Test
    void countsOnlyTheIncludedPairs() {
        LinkageMetrics metrics = new LinkageMetrics(new int[] {0, 0, 0, 1, 1}, new int[] {5, 5, 9, 9, 9});
        // Pairs with record 2 only: true 02 12; predicted 23 24. TP 0, FP 2, FN 2.
        LinkageMetrics.Counts counts = metrics.counts((a, b) -> a == 2 || b == 2);
        assertThat(counts).isEqualTo(new LinkageMetrics.Counts(0, 2, 2));
    }

    @Test
    void linkedPairsCountsPredictedPairsThatPassTheTest() {
        LinkageMetrics metrics = new LinkageMetrics(new int[] {0, 1, 2, 3}, new int[] {0, 0, 0, 1});
        assertThat(metrics.linkedPairs((a, b) -> true)).isEqualTo(3);
        assertThat(metrics.linkedPairs((a, b) -> a == 0)).isEqualTo(2);
        assertThat(metrics.linkedPairs((a, b) -> b == 3)).isZero();
        // e.g. pairs the truth knows to be twins: records 1 and 2.
        assertThat(metrics.linkedPairs((a, b) -> a == 1 && b == 2)).isEqualTo(1);
    }

    @Test
    void refusesArraysOfDifferentLengths() {
        assertThatThrownBy(() -> new LinkageMetrics(new int[] {0, 1}, new int[] {0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTheMeasures() {
        assertThat(new LinkageMetrics.Counts(2, 2, 2).toString()).contains("precision 0.5000").contains("recall 0.5000").contains("F1 0.5000");
    }

    @Test
    void agreesWithCountingEveryPair() {
        qt().forAll(lists().of(integers().between(0, 5)).ofSizeBetween(0, 30), integers().between(0, Integer.MAX_VALUE)).checkAssert((truthList, salt) -> {
            int[] truth = truthList.stream().mapToInt(Integer::intValue).toArray();
            int[] predicted = new int[truth.length];
            java.util.SplittableRandom random = new java.util.SplittableRandom(salt);
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = random.nextInt(4);
            }
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int a = 0; a < truth.length; a++) {
                for (int b = a + 1; b < truth.length; b++) {
                    boolean same = truth[a] == truth[b];
                    boolean linked = predicted[a] == predicted[b];
                    tp += same && linked ? 1 : 0;
                    fp += !same && linked ? 1 : 0;
                    fn += same && !linked ? 1 : 0;
                }
            }
            LinkageMetrics metrics = new LinkageMetrics(truth, predicted);
            assertThat(metrics.all()).isEqualTo(new LinkageMetrics.Counts(tp, fp, fn));
            assertThat(metrics.linkedPairs((a, b) -> true)).isEqualTo(tp + fp);
            assertThat(metrics.all().f1()).isBetween(0.0, 1.0);
            // Swapping truth and prediction swaps false positives and false negatives.
            assertThat(new LinkageMetrics(predicted, truth).all()).isEqualTo(new LinkageMetrics.Counts(tp, fn, fp));
        });
    }

    @Test
    void aClusteringScoredAgainstItselfIsPerfect() {
        qt().forAll(lists().of(integers().between(-3, 3)).ofSizeBetween(0, 40)).checkAssert(labels -> {
            int[] array = labels.stream().mapToInt(Integer::intValue).toArray();
            LinkageMetrics.Counts counts = new LinkageMetrics(array, array.clone()).all();
            assertThat(counts.falsePositives()).isZero();
            assertThat(counts.falseNegatives()).isZero();
            assertThat(counts.f1()).isEqualTo(1.0);
        });
    }
}
