package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class MatchModelTest {

    @Test
    void formatAndParseRoundTrip() {
        qt().forAll(models()).checkAssert(model -> {
            MatchModel back = MatchModel.parse(model.format());
            assertSame(back, model);
            assertThat(back.format()).isEqualTo(model.format());
        });
    }

    @Test
    void parseAcceptsWindowsLineEndsAndTrailingBlankLines() {
        MatchModel model = Records.plausibleModel();
        assertSame(MatchModel.parse(model.format().replace("\n", "\r\n") + "\n\n"), model);
    }

    @Test
    void formatIsOneLinePerFieldAfterLambda() {
        String[] lines = Records.plausibleModel().format().split("\n");
        assertThat(lines).hasSize(1 + Field.values().length);
        assertThat(lines[0]).isEqualTo("lambda=0.01");
        assertThat(lines[1]).startsWith("RESIDENT_ID m=0.97,0.02,0.01 u=");
    }

    @Test
    void lambdaMustBeAProbabilityStrictlyBetweenZeroAndOne() {
        MatchModel model = Records.plausibleModel();
        for (double lambda : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new MatchModel(lambda, model.m(), model.u())).as("lambda %s", lambda)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyFieldNeedsItsNumberOfLevels() {
        MatchModel model = Records.plausibleModel();
        double[][] m = model.m();
        m[Field.NAME.ordinal()] = new double[] {0.5, 0.5};
        assertThatThrownBy(() -> new MatchModel(0.1, m, model.u())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NAME");
    }

    @Test
    void theModelCopiesWhatItIsGiven() {
        MatchModel model = Records.plausibleModel();
        double[][] m = model.m();
        double before = model.weight(Field.PHONE, 0);
        MatchModel copy = new MatchModel(0.2, m, model.u());
        m[Field.PHONE.ordinal()][0] = 0.0001;
        assertThat(copy.weight(Field.PHONE, 0)).isEqualTo(before);
    }

    @Test
    void weightIsLog2OfMOverU() {
        MatchModel model = Records.plausibleModel();
        assertThat(model.weight(Field.PHONE, 0)).isCloseTo(Math.log(0.8 / 0.0001) / Math.log(2), within(1e-9));
        assertThat(model.weight(Field.SEX, 0)).isCloseTo(Math.log(0.98 / 0.5) / Math.log(2), within(1e-9));
        assertThat(model.weight(Field.PHONE, -1)).isZero();
    }

    @Test
    void agreementWeighsForAndDisagreementAgainst() {
        MatchModel model = Records.plausibleModel();
        for (Field field : Field.values()) {
            assertThat(model.weight(field, Field.SAME)).as("%s same", field).isPositive();
            assertThat(model.weight(field, field.disagree())).as("%s different", field).isNegative();
        }
        // Weights fall as agreement weakens, for the graded fields.
        assertThat(model.weight(Field.NAME, 0)).isGreaterThan(model.weight(Field.NAME, 1));
        assertThat(model.weight(Field.NAME, 1)).isGreaterThan(model.weight(Field.NAME, 2));
        assertThat(model.weight(Field.NAME, 2)).isGreaterThan(model.weight(Field.NAME, 3));
        assertThat(model.weight(Field.NAME, 3)).isGreaterThan(model.weight(Field.NAME, 4));
    }

    @Test
    void aProbabilityOfZeroIsFlooredSoWeightsStayFinite() {
        MatchModel model = Records.plausibleModel();
        double[][] m = model.m();
        double[][] u = model.u();
        m[Field.PHONE.ordinal()] = new double[] {1, 0};
        u[Field.PHONE.ordinal()] = new double[] {0, 1};
        MatchModel extreme = new MatchModel(0.5, m, u);
        assertThat(extreme.weight(Field.PHONE, 0)).isFinite().isCloseTo(Math.log(1 / 1e-7) / Math.log(2), within(1e-6));
        assertThat(extreme.weight(Field.PHONE, 1)).isFinite().isNegative();
    }

    @Test
    void aComparisonWeighsTheSumOfItsFields() {
        MatchModel model = Records.plausibleModel();
        Comparison comparison = new Comparison(new int[] {-1, 1, 2, 0, 1, -1});
        double expected = model.weight(Field.NAME, 1) + model.weight(Field.BIRTH_DATE, 2) + model.weight(Field.SEX, 0) + model.weight(Field.PHONE, 1);
        assertThat(model.weight(comparison)).isCloseTo(expected, within(1e-9));
        assertThat(model.weight(new Comparison(new int[] {-1, -1, -1, -1, -1, -1}))).isZero();
    }

    @Test
    void probabilityAtWeightZeroIsLambda() {
        assertThat(Records.plausibleModel().probability(0)).isCloseTo(0.01, within(1e-12));
    }

    @Test
    void probabilityIsMonotonicInWeightAndBounded() {
        MatchModel model = Records.plausibleModel();
        qt().forAll(doubles().between(-2000, 2000), doubles().between(-2000, 2000)).checkAssert((a, b) -> {
            double low = Math.min(a, b);
            double high = Math.max(a, b);
            assertThat(model.probability(low)).isBetween(0.0, 1.0).isLessThanOrEqualTo(model.probability(high));
            assertThat(model.probability(high)).isBetween(0.0, 1.0);
        });
        assertThat(model.probability(5000)).isEqualTo(1.0);
        assertThat(model.probability(-5000)).isEqualTo(0.0);
        assertThat(model.probability(10)).isGreaterThan(model.probability(9));
    }

    @Test
    void startingModelIsInTheRightBasin() {
        MatchModel start = MatchModel.starting();
        for (Field field : Field.values()) {
            assertThat(Arrays.stream(start.m()[field.ordinal()]).sum()).isCloseTo(1, within(1e-9));
            assertThat(Arrays.stream(start.u()[field.ordinal()]).sum()).isCloseTo(1, within(1e-9));
            assertThat(start.weight(field, Field.SAME)).isPositive();
            assertThat(start.weight(field, field.disagree())).isNegative();
        }
        assertThat(start.lambda()).isBetween(0.0, 1.0);
    }

    @Test
    void withUReplacesOnlyU() {
        MatchModel start = MatchModel.starting();
        double[][] u = Records.plausibleModel().u();
        MatchModel replaced = start.withU(u);
        assertThat(replaced.lambda()).isEqualTo(start.lambda());
        assertThat(replaced.m()).isDeepEqualTo(start.m());
        assertThat(replaced.u()).isDeepEqualTo(u);
    }

    @Test
    void describeHasALineWithEveryLevelPerField() {
        var lines = Records.plausibleModel().describe();
        assertThat(lines).hasSize(Field.values().length);
        assertThat(lines.get(Field.PHONE.ordinal())).startsWith("PHONE").contains("same +13.0").contains("different -2.3");
        assertThat(lines.get(Field.NAME.ordinal())).contains("sounds the same +5.9");
    }

    // ---- helpers ----

    static void assertSame(MatchModel actual, MatchModel expected) {
        assertThat(actual.lambda()).isEqualTo(expected.lambda());
        assertThat(actual.m()).isDeepEqualTo(expected.m());
        assertThat(actual.u()).isDeepEqualTo(expected.u());
    }

    /** Random models: lambda in (0, 1), every field's m and u a random distribution (some extreme). */
    static Gen<MatchModel> models() {
        return longs().all().map(seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            double[][] m = new double[Field.values().length][];
            double[][] u = new double[Field.values().length][];
            for (Field field : Field.values()) {
                m[field.ordinal()] = distribution(random, field.levelCount());
                u[field.ordinal()] = distribution(random, field.levelCount());
            }
            double lambda = random.nextBoolean() ? random.nextDouble(1e-12, 1) : 1 / 3.0;
            return new MatchModel(lambda, m, u);
        });
    }

    private static double[] distribution(SplittableRandom random, int levels) {
        double[] values = new double[levels];
        double sum = 0;
        for (int i = 0; i < levels; i++) {
            values[i] = random.nextInt(10) == 0 ? 1e-300 * random.nextDouble() : random.nextDouble();
            sum += values[i];
        }
        for (int i = 0; i < levels; i++) {
            values[i] /= sum;
        }
        return values;
    }
}
