package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.cityhealth.identity.Sex;
import org.junit.jupiter.api.Test;

class EmTest {

    // ---- EM recovers a known model ----

    /** A model with clearly separated classes, as real data gives. */
    private static MatchModel trueModel(double lambda) {
        double[][] m = new double[Field.values().length][];
        double[][] u = new double[Field.values().length][];
        m[Field.RESIDENT_ID.ordinal()] = new double[] {0.90, 0.05, 0.05};
        u[Field.RESIDENT_ID.ordinal()] = new double[] {0.001, 0.004, 0.995};
        m[Field.NAME.ordinal()] = new double[] {0.70, 0.10, 0.10, 0.05, 0.05};
        u[Field.NAME.ordinal()] = new double[] {0.01, 0.02, 0.05, 0.12, 0.80};
        m[Field.BIRTH_DATE.ordinal()] = new double[] {0.85, 0.05, 0.05, 0.05};
        u[Field.BIRTH_DATE.ordinal()] = new double[] {0.005, 0.005, 0.04, 0.95};
        m[Field.SEX.ordinal()] = new double[] {0.95, 0.05};
        u[Field.SEX.ordinal()] = new double[] {0.5, 0.5};
        m[Field.PHONE.ordinal()] = new double[] {0.75, 0.25};
        u[Field.PHONE.ordinal()] = new double[] {0.01, 0.99};
        m[Field.DISTRICT.ordinal()] = new double[] {0.80, 0.20};
        u[Field.DISTRICT.ordinal()] = new double[] {0.10, 0.90};
        return new MatchModel(lambda, m, u);
    }

    /** Pairs drawn from the model: match with probability lambda, then each field's level independently. */
    private static PatternCounts simulate(MatchModel model, int pairs, double missing, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        PatternCounts counts = new PatternCounts();
        for (int i = 0; i < pairs; i++) {
            boolean match = random.nextDouble() < model.lambda();
            int[] levels = new int[Field.values().length];
            for (Field field : Field.values()) {
                double[] probabilities = (match ? model.m() : model.u())[field.ordinal()];
                levels[field.ordinal()] = random.nextDouble() < missing ? -1 : draw(probabilities, random);
            }
            counts.add(new Comparison(levels));
        }
        return counts;
    }

    private static int draw(double[] probabilities, SplittableRandom random) {
        double r = random.nextDouble();
        for (int level = 0; level < probabilities.length - 1; level++) {
            r -= probabilities[level];
            if (r < 0) {
                return level;
            }
        }
        return probabilities.length - 1;
    }

    private static void assertRecovers(MatchModel truth, int pairs, double missing, long seed) {
        PatternCounts counts = simulate(truth, pairs, missing, seed);
        Em.Result result = Em.estimate(counts, MatchModel.starting().withU(truth.u()), 1000);
        assertThat(result.converged()).isTrue();
        assertThat(result.pairs()).isEqualTo(pairs);
        MatchModel estimated = result.model();
        assertThat(estimated.lambda()).as("lambda").isCloseTo(truth.lambda(), within(0.02));
        for (Field field : Field.values()) {
            for (int level = 0; level < field.levelCount(); level++) {
                assertThat(estimated.m()[field.ordinal()][level]).as("m of %s level %d", field, level)
                        .isCloseTo(truth.m()[field.ordinal()][level], within(0.02));
            }
        }
        // u is held fixed.
        assertThat(estimated.u()).isDeepEqualTo(truth.u());
    }

    @Test
    void recoversMAndLambdaOfAKnownModel() {
        assertRecovers(trueModel(0.15), 200_000, 0, 1);
    }

    @Test
    void recoversAKnownModelWhenFieldsAreMissingAtRandom() {
        assertRecovers(trueModel(0.3), 200_000, 0.2, 2);
    }

    @Test
    void recoversARareMatchClass() {
        assertRecovers(trueModel(0.03), 600_000, 0.05, 3);
    }

    @Test
    void recoversAMostlyMatchingClass() {
        // Blocked pairs are often mostly matches (Training on real data gives lambda above one half).
        assertRecovers(trueModel(0.8), 200_000, 0.1, 4);
    }

    @Test
    void emDoesNotNeedMoreIterationsThanAllowedOnceConverged() {
        PatternCounts counts = simulate(trueModel(0.2), 50_000, 0, 5);
        Em.Result result = Em.estimate(counts, MatchModel.starting().withU(trueModel(0.2).u()), 1000);
        assertThat(result.iterations()).isLessThan(1000);
        Em.Result again = Em.estimate(counts, result.model(), 1000);
        assertThat(again.iterations()).isLessThanOrEqualTo(3);
        assertThat(again.model().lambda()).isCloseTo(result.model().lambda(), within(1e-6));
    }

    @Test
    void stopsAtTheIterationLimit() {
        PatternCounts counts = simulate(trueModel(0.2), 20_000, 0, 6);
        Em.Result result = Em.estimate(counts, MatchModel.starting().withU(trueModel(0.2).u()), 1);
        assertThat(result.iterations()).isEqualTo(1);
        assertThat(result.converged()).isFalse();
    }

    @Test
    void nothingToLearnFromKeepsM() {
        MatchModel start = MatchModel.starting();
        Em.Result result = Em.estimate(new PatternCounts(), start, 10);
        assertThat(result.pairs()).isZero();
        assertThat(result.model().m()).isDeepEqualTo(start.m());
        assertThat(result.model().lambda()).isBetween(0.0, 1.0);
    }

    @Test
    void aFieldNeverPresentKeepsItsStartingM() {
        MatchModel truth = trueModel(0.2);
        PatternCounts counts = new PatternCounts();
        simulate(truth, 50_000, 0, 7).forEach((levels, count) -> {
            int[] withoutPhone = levels.clone();
            withoutPhone[Field.PHONE.ordinal()] = -1;
            counts.add(new Comparison(withoutPhone).pattern(), count);
        });
        MatchModel start = MatchModel.starting().withU(truth.u());
        Em.Result result = Em.estimate(counts, start, 1000);
        assertThat(result.model().m()[Field.PHONE.ordinal()]).containsExactly(start.m()[Field.PHONE.ordinal()]);
        assertThat(result.model().lambda()).isCloseTo(0.2, within(0.02));
    }

    // ---- lambda alone ----

    @Test
    void estimateLambdaRecoversLambdaWithMAndUFixed() {
        for (double lambda : new double[] {0.02, 0.3, 0.9}) {
            MatchModel truth = trueModel(lambda);
            PatternCounts counts = simulate(truth, 300_000, 0.1, 8);
            MatchModel start = new MatchModel(0.5, truth.m(), truth.u());
            Em.Result result = Em.estimateLambda(counts, start, 1000);
            assertThat(result.converged()).isTrue();
            assertThat(result.pairs()).isEqualTo(300_000);
            assertThat(result.model().lambda()).as("lambda %s", lambda).isCloseTo(lambda, within(0.01));
            assertThat(result.model().m()).isDeepEqualTo(truth.m());
            assertThat(result.model().u()).isDeepEqualTo(truth.u());
        }
    }

    @Test
    void estimateLambdaStopsAtTheIterationLimit() {
        MatchModel truth = trueModel(0.2);
        Em.Result result = Em.estimateLambda(simulate(truth, 20_000, 0, 9), new MatchModel(0.9, truth.m(), truth.u()), 1);
        assertThat(result.iterations()).isEqualTo(1);
        assertThat(result.converged()).isFalse();
    }

    // ---- PatternCounts ----

    @Test
    void patternCountsAddUp() {
        PatternCounts a = new PatternCounts();
        Comparison same = new Comparison(new int[] {0, 0, 0, 0, 0, 0});
        Comparison other = new Comparison(new int[] {-1, 4, 3, 1, 1, -1});
        a.add(same);
        a.add(same);
        a.add(other);
        PatternCounts b = new PatternCounts();
        b.add(other.pattern(), 5);
        b.addAll(a);
        assertThat(a.total()).isEqualTo(3);
        assertThat(a.patterns()).isEqualTo(2);
        assertThat(b.total()).isEqualTo(8);
        assertThat(b.patterns()).isEqualTo(2);
        Map<String, Long> seen = new HashMap<>();
        b.forEach((levels, count) -> seen.put(Arrays.toString(levels), count));
        assertThat(seen).containsEntry(Arrays.toString(same.levels()), 2L).containsEntry(Arrays.toString(other.levels()), 6L);
    }

    // ---- u from random pairs ----

    @Test
    void uFromRandomPairsIsTheChanceAgreement() {
        List<Profile> profiles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            // Sex alternates (half agree by chance), ten districts in turn (a tenth agree), every phone different,
            // no names, birth dates or IDs.
            PersonRecord record = new PersonRecord("r" + i, null, null, null, i % 2 == 0 ? Sex.MALE : Sex.FEMALE,
                    String.format("139%08d", i), "district" + (char) ('a' + i % 10), null, null, null);
            profiles.add(new Profile(record));
        }
        int pairs = 200_000;
        double[][] u = Em.uFromRandomPairs(profiles, pairs, 42);
        assertThat(u[Field.SEX.ordinal()][0]).isCloseTo(499.0 / 999, within(0.01));
        assertThat(u[Field.DISTRICT.ordinal()][0]).isCloseTo(99.0 / 999, within(0.005));
        assertThat(u[Field.PHONE.ordinal()][0]).isCloseTo(0.5 / (pairs + 1), within(1e-9)); // never agrees: smoothing only
        // A field nobody has is uniform.
        assertThat(u[Field.NAME.ordinal()]).containsOnly(0.2);
        assertThat(u[Field.RESIDENT_ID.ordinal()][0]).isCloseTo(1.0 / 3, within(1e-12));
        for (Field field : Field.values()) {
            assertThat(Arrays.stream(u[field.ordinal()]).sum()).as(field.name()).isCloseTo(1, within(1e-9));
            assertThat(Arrays.stream(u[field.ordinal()]).min().orElseThrow()).isPositive();
        }
    }

    @Test
    void uFromRandomPairsOfAPopulationIsSmallForAgreementAndLargeForDisagreement() {
        List<Profile> profiles = Population.generate(3, 1000).profiles();
        double[][] u = Em.uFromRandomPairs(profiles, 100_000, 9);
        assertThat(u[Field.RESIDENT_ID.ordinal()][0]).isLessThan(1e-3);
        assertThat(u[Field.BIRTH_DATE.ordinal()][0]).isLessThan(1e-3);
        assertThat(u[Field.PHONE.ordinal()][0]).isLessThan(1e-3);
        assertThat(u[Field.SEX.ordinal()][0]).isCloseTo(0.5, within(0.03));
        assertThat(u[Field.DISTRICT.ordinal()][0]).isCloseTo(0.1, within(0.03));
        // 23 surnames: agreeing on the surname alone is common among strangers.
        assertThat(u[Field.NAME.ordinal()][3]).isBetween(0.01, 0.15);
        for (Field field : Field.values()) {
            assertThat(u[field.ordinal()][field.disagree()]).as(field.name()).isGreaterThan(0.4);
        }
    }

    @Test
    void uFromRandomPairsIsReproducibleBySeed() {
        List<Profile> profiles = Population.generate(4, 200).profiles();
        assertThat(Em.uFromRandomPairs(profiles, 10_000, 5)).isDeepEqualTo(Em.uFromRandomPairs(profiles, 10_000, 5));
    }

    @Test
    void uFromTooFewRecordsIsUniform() {
        List<Profile> one = List.of(Records.raw("a").name("张伟").profile());
        double[][] u = Em.uFromRandomPairs(one, 1000, 1);
        for (Field field : Field.values()) {
            assertThat(u[field.ordinal()]).containsOnly(1.0 / field.levelCount());
        }
    }

    @Test
    void uFromRandomPairsNeverPairsARecordWithItself() {
        // Two records that disagree on everything: every random pair is the two of them.
        List<Profile> two = List.of(Records.raw("a").male().phone("13800138001").profile(),
                Records.raw("b").female().phone("13900139002").profile());
        double[][] u = Em.uFromRandomPairs(two, 1000, 1);
        assertThat(u[Field.SEX.ordinal()][0]).isCloseTo(0.5 / 1001, within(1e-12));
        assertThat(u[Field.PHONE.ordinal()][1]).isCloseTo(1000.5 / 1001, within(1e-12));
    }
}
