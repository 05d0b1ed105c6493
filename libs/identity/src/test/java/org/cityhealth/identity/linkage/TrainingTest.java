package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityhealth.identity.linkage.Records.raw;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training end to end: u from random pairs, EM over the blocked pairs of a generated population, then linking. */
class TrainingTest {

    private static Population population;
    private static MatchIndex index;
    private static Em.Result trained;

    @BeforeAll
    static void train() {
        population = Population.generate(42, 2000);
        index = population.index(100);
        trained = Training.estimate(index, 7);
    }

    @Test
    void emConvergesToAPlausibleModel() {
        assertThat(trained.converged()).isTrue();
        assertThat(trained.pairs()).isPositive();
        MatchModel model = trained.model();
        assertThat(model.lambda()).isBetween(0.05, 0.99);
        for (Field field : Field.values()) {
            assertThat(model.weight(field, Field.SAME)).as("%s same", field).isPositive();
            assertThat(model.weight(field, field.disagree())).as("%s different", field).isNegative();
        }
        // Identifiers and dates of birth are strong evidence; sex is weak.
        assertThat(model.weight(Field.RESIDENT_ID, Field.SAME)).isGreaterThan(8);
        assertThat(model.weight(Field.BIRTH_DATE, Field.SAME)).isGreaterThan(8);
        assertThat(model.weight(Field.PHONE, Field.SAME)).isGreaterThan(8);
        assertThat(model.weight(Field.SEX, Field.SAME)).isLessThan(2);
        assertThat(model.weight(Field.NAME, 0)).isGreaterThan(model.weight(Field.NAME, 2));
        assertThat(model.weight(Field.NAME, 2)).isGreaterThan(model.weight(Field.NAME, 4));
    }

    @Test
    void trainingIsReproducible() {
        Em.Result again = Training.estimate(index, 7);
        MatchModelTest.assertSame(again.model(), trained.model());
    }

    @Test
    void theTrainedModelSurvivesFormatAndParse() {
        MatchModelTest.assertSame(MatchModel.parse(trained.model().format()), trained.model());
    }

    @Test
    void aTrainedMatcherLinksThePopulationWell() {
        Matcher matcher = new Matcher(trained.model(), Records.THRESHOLDS);
        BatchLinker.Result result = BatchLinker.link(index, matcher, 2, done -> { });
        LinkageMetrics.Counts counts = new LinkageMetrics(population.truth(), result.cluster()).all();
        assertThat(counts.precision()).as(counts.toString()).isGreaterThan(0.97);
        assertThat(counts.recall()).as(counts.toString()).isGreaterThan(0.85);
        assertThat(counts.f1()).as(counts.toString()).isGreaterThan(0.9);
        // Training saw the same comparisons the linker made.
        assertThat(result.patterns().total()).isEqualTo(trained.pairs());
    }

    @Test
    void aTrainedMatcherKeepsTheGuards() {
        Matcher matcher = new Matcher(trained.model(), Records.THRESHOLDS);
        String id = Records.residentId("310104", "1980-05-01", 123);
        Profile zhang = raw("a").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").residentId(id).profile();
        Profile typo = raw("b").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区")
                .residentId(Records.oneDigitOff(id, 14)).profile();
        assertThat(matcher.score(zhang, typo).outcome()).isEqualTo(Outcome.REVIEW);
        Profile twin1 = raw("c").name("王明").birth("2010-07-07").male().phone("13800138001").district("浦东新区").profile();
        Profile twin2 = raw("d").name("王建国").birth("2010-07-07").male().phone("13800138001").district("浦东新区").profile();
        assertThat(matcher.score(twin1, twin2).outcome()).isNotEqualTo(Outcome.LINK);
        Profile samePerson = raw("e").name("張偉").birth("1980-05-01").male().phone("+86 138 0013 8001").profile();
        assertThat(matcher.score(zhang, samePerson).outcome()).isEqualTo(Outcome.LINK);
    }
}
