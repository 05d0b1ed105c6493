package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cityhealth.identity.linkage.Records.raw;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.cityhealth.identity.Names;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class MatcherTest {

    private static final String ZHANG_ID = Records.residentId("310104", "1980-05-01", 123);
    private static final String OTHER_ID = Records.residentId("310115", "1980-05-01", 457);

    private final Matcher matcher = Records.matcher();

    /** 张伟, man, born 1980-05-01, with phone and district; the ID is added by the tests. */
    private static Records.Builder zhang(String id) {
        return raw(id).name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区");
    }

    // ---- identifier rules ----

    @Test
    void differentValidIdsAreDistinctWhateverElseAgrees() {
        PairScore score = matcher.score(zhang("a").residentId(ZHANG_ID).profile(), zhang("b").residentId(OTHER_ID).profile());
        assertThat(score.outcome()).isEqualTo(Outcome.DISTINCT);
        assertThat(score.rule()).isEqualTo("different resident IDs");
        assertThat(score.weight()).isGreaterThan(Records.THRESHOLDS.link()); // the weight alone would have linked
    }

    @Test
    void theSameValidIdLinksWhateverElseDisagreesALittle() {
        PairScore score = matcher.score(zhang("a").residentId(ZHANG_ID).profile(),
                raw("b").name("章伟").birth("1980-01-05").phone("13900139000").district("徐汇区").residentId(ZHANG_ID).profile());
        assertThat(score.outcome()).isEqualTo(Outcome.LINK);
        assertThat(score.rule()).isEqualTo("same resident ID");
        // Even with nothing else known.
        assertThat(matcher.score(raw("a").residentId(ZHANG_ID).profile(), raw("b").residentId(ZHANG_ID.toLowerCase()).profile()).outcome())
                .isEqualTo(Outcome.LINK);
        // A legacy 15-digit number is the same ID.
        String legacy = ZHANG_ID.substring(0, 6) + ZHANG_ID.substring(8, 17);
        assertThat(matcher.score(zhang("a").residentId(ZHANG_ID).profile(), zhang("b").residentId(legacy).profile()).outcome())
                .isEqualTo(Outcome.LINK);
    }

    @Test
    void theSameIdOnSomeoneWithAnotherNameAndBirthDateIsReviewed() {
        // A mother's ID on her newborn's record.
        PairScore score = matcher.score(zhang("a").residentId(ZHANG_ID).profile(),
                raw("b").name("李小宝").birth("2024-03-15").residentId(ZHANG_ID).profile());
        assertThat(score.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(score.rule()).contains("same resident ID").contains("disagree");
    }

    @Test
    void theSameIdWithOnlyTheNameOrOnlyTheBirthDateDifferentStillLinks() {
        assertThat(matcher.score(zhang("a").residentId(ZHANG_ID).profile(), raw("b").name("李娜").birth("1980-05-01").residentId(ZHANG_ID).profile())
                .outcome()).isEqualTo(Outcome.LINK);
        assertThat(matcher.score(zhang("a").residentId(ZHANG_ID).profile(), raw("b").name("张伟").birth("1975-11-20").residentId(ZHANG_ID).profile())
                .outcome()).isEqualTo(Outcome.LINK);
    }

    @Test
    void aSharedPassportLinks() {
        PairScore score = matcher.score(raw("a").name("John Smith").passport("E12345678").profile(),
                raw("b").name("Smith John").birth("1970-01-01").passport("e1234 5678").profile());
        assertThat(score.outcome()).isEqualTo(Outcome.LINK);
        assertThat(score.rule()).isEqualTo("same official identifier");
    }

    @Test
    void aSharedPassportWithNameAndBirthDateDisagreeingIsReviewed() {
        PairScore score = matcher.score(raw("a").name("张伟").birth("1980-05-01").passport("E12345678").profile(),
                raw("b").name("李娜").birth("1992-11-23").passport("E12345678").profile());
        assertThat(score.outcome()).isEqualTo(Outcome.REVIEW);
    }

    @Test
    void theSameNumberOfAnotherKindOfIdentifierIsNoEvidence() {
        PairScore score = matcher.score(raw("a").name("王芳").official(org.cityhealth.identity.OfficialId.Kind.PASSPORT, "12345678").profile(),
                raw("b").name("李娜").official(org.cityhealth.identity.OfficialId.Kind.TAIWAN_PERMIT, "12345678").profile());
        assertThat(score.outcome()).isEqualTo(Outcome.DISTINCT);
    }

    @Test
    void differentValidIdsWinOverASharedPassport() {
        PairScore score = matcher.score(zhang("a").residentId(ZHANG_ID).passport("E12345678").profile(),
                zhang("b").residentId(OTHER_ID).passport("E12345678").profile());
        assertThat(score.outcome()).isEqualTo(Outcome.DISTINCT);
    }

    // ---- weights and guards ----

    @Test
    void strongAgreementWithoutIdsLinksOnWeight() {
        PairScore score = matcher.score(zhang("a").profile(), raw("b").name("張偉").birth("1980-05-01").male().phone("+86 138 0013 8001").profile());
        assertThat(score.outcome()).isEqualTo(Outcome.LINK);
        assertThat(score.rule()).startsWith("weight ").contains("≥ 15.0");
        assertThat(score.weight()).isEqualTo(Records.plausibleModel().weight(score.comparison()));
    }

    @Test
    void middlingAgreementIsReviewedAndLittleIsDistinct() {
        // Same name and birth year and month only: name +10.7, birth one part +3.7 = 14.4, below 15.
        PairScore review = matcher.score(raw("a").name("张伟").birth("1980-05-01").profile(), raw("b").name("张伟").birth("1980-05-09").profile());
        assertThat(review.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(review.rule()).contains("≥ 5.0");
        PairScore distinct = matcher.score(zhang("a").profile(), raw("b").name("李娜").birth("1992-11-23").female().phone("13900139002").profile());
        assertThat(distinct.outcome()).isEqualTo(Outcome.DISTINCT);
        assertThat(distinct.rule()).contains("< 5.0");
        assertThat(distinct.weight()).isNegative();
    }

    @Test
    void aNearMissIdWithEverythingElseEqualIsReviewedNeverLinked() {
        qt().forAll(integers().between(0, 16)).checkAssert(position -> {
            String typo = Records.oneDigitOff(ZHANG_ID, position);
            PairScore score = matcher.score(zhang("a").residentId(ZHANG_ID).profile(), zhang("b").residentId(typo).profile());
            assertThat(score.comparison().level(Field.RESIDENT_ID)).isEqualTo(1);
            assertThat(score.outcome()).as("typo at %d", position).isEqualTo(Outcome.REVIEW);
            assertThat(score.rule()).startsWith("resident ID differs by one digit");
        });
        for (int position = 0; position < 16; position++) {
            if (ZHANG_ID.charAt(position) != ZHANG_ID.charAt(position + 1)) {
                PairScore score = matcher.score(zhang("a").residentId(ZHANG_ID).profile(), zhang("b").residentId(Records.swapped(ZHANG_ID, position)).profile());
                assertThat(score.outcome()).as("swap at %d", position).isEqualTo(Outcome.REVIEW);
            }
        }
    }

    @Test
    void twoNearMissBadIdsAreReviewedToo() {
        String a = Records.oneDigitOff(ZHANG_ID, 3);
        String b = Records.oneDigitOff(ZHANG_ID, 3).substring(0, 10) + "9" + a.substring(11);
        PairScore score = matcher.score(zhang("a").residentId(a).profile(), zhang("b").residentId(b).profile());
        assertThat(score.outcome()).isNotEqualTo(Outcome.LINK);
    }

    @Test
    void twinsWithDifferentGivenNamesAreNeverLinked() {
        // Same family name, birth date, phone, district and sex; given names that share nothing; no IDs.
        PairScore score = matcher.score(twin("a", "王明"), twin("b", "王建国"));
        assertThat(score.comparison().level(Field.NAME)).isEqualTo(3);
        assertThat(score.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(score.rule()).contains("twins");
    }

    @Test
    void twinsWhoseGivenNamesShareNothingAreNeverLinked() {
        List<String> given = List.of("建国", "春华", "志强", "秀英", "丽娟", "海燕", "文杰", "桂兰", "宇航", "思远");
        qt().forAll(Generate.pick(given), Generate.pick(given), Generate.pick(List.of("王", "张", "欧阳", "李"))).checkAssert((x, y, family) -> {
            if (x.chars().noneMatch(c -> y.indexOf(c) >= 0)) {
                assertThat(matcher.score(twin("a", family + x), twin("b", family + y)).outcome()).isNotEqualTo(Outcome.LINK);
            }
        });
    }

    @Test
    void twinsWhoseGivenNamesDifferInOneCharacterAreNeverLinked() {
        // Twins are often named alike: one character of the given name differs, and does not sound alike.
        for (String[] twins : new String[][] {{"张伟", "张强"}, {"王晓明", "王晓东"}, {"欧阳华", "欧阳晓"}, {"陈欣怡", "陈欣悦"}}) {
            assertThat(Names.soundAlike(Names.fold(twins[0]), Names.fold(twins[1]))).isFalse();
            PairScore score = matcher.score(twin("a", twins[0]), twin("b", twins[1]));
            assertThat(score.outcome()).as("%s / %s (%s)", twins[0], twins[1], score.rule()).isNotEqualTo(Outcome.LINK);
        }
    }

    @Test
    void twinsWhoseGivenNamesAreOnePinyinLetterApartAreNeverLinked() {
        for (String[] twins : new String[][] {{"李小明", "李小敏"}, {"王静", "王进"}}) {
            assertThat(Names.soundAlike(Names.fold(twins[0]), Names.fold(twins[1]))).isFalse();
            PairScore score = matcher.score(twin("a", twins[0]), twin("b", twins[1]));
            assertThat(score.outcome()).as("%s / %s (%s)", twins[0], twins[1], score.rule()).isNotEqualTo(Outcome.LINK);
        }
    }

    @Test
    void aHomophoneOfTheSameNameIsNoTwin() {
        PairScore score = matcher.score(twin("a", "张伟"), twin("b", "章玮"));
        assertThat(score.outcome()).isEqualTo(Outcome.LINK);
    }

    private static Profile twin(String id, String name) {
        return raw(id).name(name).birth("2010-07-07").male().phone("13800138001").district("浦东新区").profile();
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> new Matcher.Thresholds(5, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Matcher.Thresholds(5, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Matcher.Thresholds(10, -3).review()).isEqualTo(-3);
        assertThat(matcher.thresholds()).isEqualTo(Records.THRESHOLDS);
        assertThat(matcher.model().lambda()).isEqualTo(0.01);
    }

    @Test
    void scoringIsSymmetric() {
        List<Profile> profiles = Population.generate(5, 200).profiles();
        qt().forAll(integers().between(0, profiles.size() - 1), integers().between(0, profiles.size() - 1)).checkAssert((i, j) -> {
            PairScore ab = matcher.score(profiles.get(i), profiles.get(j));
            PairScore ba = matcher.score(profiles.get(j), profiles.get(i));
            assertThat(ab.outcome()).isEqualTo(ba.outcome());
            assertThat(ab.weight()).isEqualTo(ba.weight());
            assertThat(ab.rule()).isEqualTo(ba.rule());
        });
    }

    @Test
    void strongerThanOrdersByOutcomeThenWeight() {
        Comparison none = new Comparison(new int[] {-1, -1, -1, -1, -1, -1});
        PairScore link = new PairScore(none, 1, Outcome.LINK, "");
        PairScore review = new PairScore(none, 40, Outcome.REVIEW, "");
        PairScore strongerReview = new PairScore(none, 41, Outcome.REVIEW, "");
        assertThat(link.strongerThan(review)).isTrue();
        assertThat(review.strongerThan(link)).isFalse();
        assertThat(strongerReview.strongerThan(review)).isTrue();
        assertThat(review.strongerThan(review)).isFalse();
    }

    // ---- untrained ----

    @Test
    void anUntrainedMatcherSendsWhatTheWeightWouldLinkToReview() {
        Matcher untrained = Matcher.untrained(Records.THRESHOLDS);
        assertThat(untrained.trained()).isFalse();
        assertThat(matcher.trained()).isTrue();
        PairScore score = untrained.score(zhang("a").profile(), zhang("b").profile());
        assertThat(score.weight()).isGreaterThanOrEqualTo(Records.THRESHOLDS.link());
        assertThat(score.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(score.rule()).startsWith("no model estimated yet: weight");
        assertThat(untrained.decide(zhang("new").profile(), List.of(new Matcher.Candidate(zhang("old").profile(), 3))).outcome())
                .isEqualTo(Outcome.REVIEW);
    }

    @Test
    void anUntrainedMatcherStillFollowsTheIdentifiers() {
        Matcher untrained = Matcher.untrained(Records.THRESHOLDS);
        assertThat(untrained.score(zhang("a").residentId(ZHANG_ID).profile(), zhang("b").residentId(ZHANG_ID).profile()).outcome())
                .isEqualTo(Outcome.LINK);
        assertThat(untrained.score(raw("a").name("张伟").passport("E12345678").profile(), raw("b").name("张伟").passport("E12345678").profile())
                .outcome()).isEqualTo(Outcome.LINK);
        assertThat(untrained.score(zhang("a").residentId(ZHANG_ID).profile(), zhang("b").residentId(OTHER_ID).profile()).outcome())
                .isEqualTo(Outcome.DISTINCT);
        assertThat(untrained.score(zhang("a").profile(), raw("b").name("李娜").birth("1992-11-23").female().profile()).outcome())
                .isEqualTo(Outcome.DISTINCT);
        assertThat(untrained.model().format()).isEqualTo(MatchModel.starting().format());
    }

    @Test
    void anUntrainedMatcherNeverLinksOnWeight() {
        Matcher untrained = Matcher.untrained(new Matcher.Thresholds(0, -100));
        List<Profile> profiles = Population.generate(13, 150).profiles();
        qt().forAll(integers().between(0, profiles.size() - 1), integers().between(0, profiles.size() - 1)).checkAssert((i, j) -> {
            PairScore score = untrained.score(profiles.get(i), profiles.get(j));
            if (score.outcome() == Outcome.LINK) {
                assertThat(score.rule()).startsWith("same ");
            }
        });
    }

    // ---- decide ----

    @Test
    void decidesForTheBestPersonAndRanksEveryCandidate() {
        Profile incoming = zhang("new").profile();
        List<Matcher.Candidate> candidates = List.of(
                new Matcher.Candidate(raw("far").name("李娜").birth("1992-11-23").female().profile(), 30),
                new Matcher.Candidate(raw("maybe").name("张伟").birth("1980-05-09").profile(), 20),
                new Matcher.Candidate(raw("weak").name("张伟").birth("1980-05-01").profile(), 10),
                new Matcher.Candidate(zhang("strong").profile(), 10));
        Matcher.Decision decision = matcher.decide(incoming, candidates);
        assertThat(decision.outcome()).isEqualTo(Outcome.LINK);
        assertThat(decision.person()).isEqualTo(10);
        assertThat(decision.best().recordId()).isEqualTo("strong"); // a person's best record speaks for it
        assertThat(decision.ranked()).extracting(Matcher.PersonScore::person).containsExactly(10L, 20L, 30L);
        assertThat(decision.ranked()).extracting(score -> score.score().outcome()).containsExactly(Outcome.LINK, Outcome.REVIEW, Outcome.DISTINCT);
    }

    @Test
    void ranksPersonsOfTheSameOutcomeByWeight() {
        Profile incoming = zhang("new").profile();
        List<Matcher.Candidate> candidates = List.of(
                new Matcher.Candidate(raw("b").name("张伟").birth("1980-05-01").male().profile(), 2),
                new Matcher.Candidate(zhang("a").profile(), 1),
                new Matcher.Candidate(raw("c").name("張偉").birth("1980-05-01").male().phone("13800138001").profile(), 3));
        Matcher.Decision decision = matcher.decide(incoming, candidates);
        assertThat(decision.ranked()).extracting(Matcher.PersonScore::person).containsExactly(1L, 3L, 2L);
        assertThat(decision.ranked()).isSortedAccordingTo((x, y) -> Double.compare(y.score().weight(), x.score().weight()));
    }

    @Test
    void aPersonHoldingADifferentValidIdIsDistinctEvenWhenAnotherOfItsRecordsScoresHigh() {
        Profile incoming = zhang("new").residentId(ZHANG_ID).profile();
        List<Matcher.Candidate> candidates = List.of(
                new Matcher.Candidate(zhang("lookalike").profile(), 7),              // no ID: would link on weight
                new Matcher.Candidate(raw("holder").name("张伟").residentId(OTHER_ID).profile(), 7));
        Matcher.Decision decision = matcher.decide(incoming, candidates);
        assertThat(decision.outcome()).isEqualTo(Outcome.DISTINCT);
        assertThat(decision.person()).isEqualTo(-1);
        assertThat(decision.ranked()).singleElement().satisfies(score -> {
            assertThat(score.person()).isEqualTo(7);
            assertThat(score.score().outcome()).isEqualTo(Outcome.DISTINCT);
            assertThat(score.recordId()).isEqualTo("lookalike");
            assertThat(score.score().rule()).isEqualTo("the person holds a different resident ID");
        });
    }

    @Test
    void theConflictOfOnePersonDoesNotStopAnother() {
        Profile incoming = zhang("new").residentId(ZHANG_ID).profile();
        List<Matcher.Candidate> candidates = List.of(
                new Matcher.Candidate(zhang("lookalike").profile(), 7),
                new Matcher.Candidate(raw("holder").residentId(OTHER_ID).profile(), 7),
                new Matcher.Candidate(raw("samename").name("张伟").birth("1980-05-01").male().profile(), 8));
        Matcher.Decision decision = matcher.decide(incoming, candidates);
        assertThat(decision.outcome()).isEqualTo(Outcome.LINK);
        assertThat(decision.person()).isEqualTo(8);
        assertThat(decision.ranked()).extracting(Matcher.PersonScore::person).containsExactly(8L, 7L);
    }

    @Test
    void aReviewIsTheDecisionWhenNothingLinks() {
        Profile incoming = zhang("new").residentId(ZHANG_ID).profile();
        List<Matcher.Candidate> candidates = List.of(new Matcher.Candidate(zhang("typo").residentId(Records.oneDigitOff(ZHANG_ID, 12)).profile(), 4));
        Matcher.Decision decision = matcher.decide(incoming, candidates);
        assertThat(decision.outcome()).isEqualTo(Outcome.REVIEW);
        assertThat(decision.person()).isEqualTo(4);
    }

    @Test
    void aRecordIsNotItsOwnCandidate() {
        Profile incoming = zhang("same").profile();
        Matcher.Decision decision = matcher.decide(incoming, List.of(new Matcher.Candidate(zhang("same").profile(), 1)));
        assertThat(decision.outcome()).isEqualTo(Outcome.DISTINCT);
        assertThat(decision.ranked()).isEmpty();
        assertThat(decision.best()).isNull();
    }

    @Test
    void noCandidatesIsDistinct() {
        Matcher.Decision decision = matcher.decide(zhang("new").profile(), List.of());
        assertThat(decision.outcome()).isEqualTo(Outcome.DISTINCT);
        assertThat(decision.person()).isEqualTo(-1);
        assertThat(decision.best()).isNull();
    }

    @Test
    void decideNeverPicksAPersonWithAnotherValidId() {
        Population population = Population.generate(8, 600);
        MatchIndex index = population.index(50);
        for (int i = 0; i < index.size(); i++) {
            Profile profile = index.profile(i);
            Matcher.Decision decision = matcher.decide(profile, index.candidates(profile));
            if (decision.outcome() != Outcome.DISTINCT && profile.residentId() != null) {
                for (int j : index.candidatePositions(profile)) {
                    if (index.person(j) == decision.person() && index.profile(j).residentId() != null) {
                        assertThat(index.profile(j).residentId()).isEqualTo(profile.residentId());
                    }
                }
            }
            // The ranking is by outcome, then weight.
            for (int k = 1; k < decision.ranked().size(); k++) {
                PairScore before = decision.ranked().get(k - 1).score();
                PairScore after = decision.ranked().get(k).score();
                assertThat(before.outcome().ordinal() < after.outcome().ordinal()
                        || before.outcome() == after.outcome() && before.weight() >= after.weight()).isTrue();
            }
        }
    }
}
