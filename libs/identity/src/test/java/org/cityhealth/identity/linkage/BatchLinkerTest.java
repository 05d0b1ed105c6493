package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityhealth.identity.linkage.Records.raw;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class BatchLinkerTest {

    private static final String A_ID = Records.residentId("310115", "1980-05-01", 123);
    private static final String B_ID = Records.residentId("310104", "1992-11-23", 246);
    private static final String C_ID = Records.residentId("310101", "2001-03-15", 351);
    private static final String E1_ID = Records.residentId("310106", "1985-07-07", 111);
    private static final String E2_ID = Records.residentId("310109", "1985-07-07", 333);

    /** Records in order; the expected clusters are listed by record id. */
    private static List<Profile> smallPopulation() {
        return List.of(
                // A: 张伟, with a traditional spelling, a homophone, a day/month swap and a mistyped ID.
                raw("a1").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").residentId(A_ID).profile(),
                raw("a2").name("張偉").birth("1980-05-01").male().phone("13800138001").district("浦東新區").profile(),
                raw("a3").name("章伟").birth("1980-01-05").male().district("浦东新区").residentId(Records.oneDigitOff(A_ID, 9)).profile(),
                // B: 李娜, moved district, one date part mistyped on the record that carries her ID.
                raw("b1").family("李").given("娜").birth("1992-11-23").female().phone("13955501234").district("徐汇区").residentId(B_ID).profile(),
                raw("b2").name("李娜").birth("1992-11-23").female().phone("13955501234").district("闵行区").profile(),
                raw("b3").name("李 娜").birth("1992-11-22").female().residentId(B_ID).profile(),
                // C: 欧阳修, a passport on two records, a homophone on the third.
                raw("c1").name("欧阳修").birth("2001-03-15").male().phone("18655512345").district("黄浦区").passport("E12345678").profile(),
                raw("c2").name("歐陽修").birth("2001-03-15").male().residentId(C_ID).passport("e1234 5678").profile(),
                raw("c3").name("欧阳秀").birth("2001-03-15").male().phone("18655512345").district("黄浦区").profile(),
                // D: twins with nothing but a family name, birth date, phone, district and sex in common.
                raw("d1").name("王明").birth("2010-07-07").male().phone("13712340000").district("宝山区").profile(),
                raw("d2").name("王建国").birth("2010-07-07").male().phone("13712340000").district("宝山区").profile(),
                // E: two namesakes born the same day with different IDs, and a record without an ID that fits both.
                raw("e1").name("刘洋").birth("1985-07-07").male().phone("15012340001").district("静安区").residentId(E1_ID).profile(),
                raw("e2").name("刘洋").birth("1985-07-07").male().phone("15098760002").district("普陀区").residentId(E2_ID).profile(),
                raw("e3").name("刘洋").birth("1985-07-07").male().phone("15012340001").district("静安区").profile());
    }

    private static MatchIndex indexOf(List<Profile> profiles, int maxBlock) {
        MatchIndex index = new MatchIndex(profiles.size(), maxBlock);
        for (int i = 0; i < profiles.size(); i++) {
            index.add(profiles.get(i), i);
        }
        return index;
    }

    private static Set<Set<String>> clusters(MatchIndex index, int[] cluster) {
        Map<Integer, Set<String>> byCluster = new HashMap<>();
        for (int i = 0; i < cluster.length; i++) {
            byCluster.computeIfAbsent(cluster[i], c -> new HashSet<>()).add(index.profile(i).id());
        }
        return new HashSet<>(byCluster.values());
    }

    @Test
    void linksAHandBuiltPopulationIntoItsPeople() {
        MatchIndex index = indexOf(smallPopulation(), 50);
        BatchLinker.Result result = BatchLinker.link(index, Records.matcher(), 2, done -> { });
        assertThat(clusters(index, result.cluster())).containsExactlyInAnyOrder(
                Set.of("a1", "a2", "a3"), Set.of("b1", "b2", "b3"), Set.of("c1", "c2", "c3"),
                Set.of("d1"), Set.of("d2"), Set.of("e1", "e3"), Set.of("e2"));
    }

    @Test
    void aPairKeptApartIsNeitherLinkedNorReviewedAgain() {
        List<Profile> profiles = List.of(
                raw("x").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").profile(),
                raw("y").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").profile(),
                raw("t1").name("王明").birth("2010-07-07").male().phone("13712340000").profile(),
                raw("t2").name("王建国").birth("2010-07-07").male().phone("13712340000").profile());
        MatchIndex index = indexOf(profiles, 50);
        BatchLinker.Result linked = BatchLinker.link(index, Records.matcher(), 1, done -> { });
        assertThat(linked.cluster()).containsExactly(0, 0, 2, 3);
        assertThat(linked.reviews()).extracting(BatchLinker.ReviewPair::a, BatchLinker.ReviewPair::b).containsExactly(org.assertj.core.groups.Tuple.tuple(2, 3));
        BatchLinker.Result apart = BatchLinker.link(index, Records.matcher(), 1, done -> { },
                (a, b) -> a == 0 && b == 1 || a == 1 && b == 0 || a == 2 && b == 3 || a == 3 && b == 2);
        assertThat(apart.cluster()).containsExactly(0, 1, 2, 3);
        assertThat(apart.reviews()).isEmpty();
        assertThat(apart.compared()).isEqualTo(linked.compared()); // still compared, for training
    }

    // was disabled: fixed
    @Test
    void aPairKeptApartIsNotJoinedThroughAThirdRecord() {
        List<Profile> profiles = List.of(
                raw("x").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").profile(),
                raw("y").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").profile(),
                raw("z").name("张伟").birth("1980-05-01").male().phone("13800138001").district("浦东新区").profile());
        MatchIndex index = indexOf(profiles, 50);
        BatchLinker.Result result = BatchLinker.link(index, Records.matcher(), 1, done -> { }, (a, b) -> a + b == 1);
        assertThat(result.cluster()[0]).as("the reviewer separated x and y").isNotEqualTo(result.cluster()[1]);
    }

    @Test
    void clusterNumbersAreTheSmallestPositions() {
        MatchIndex index = indexOf(smallPopulation(), 50);
        int[] cluster = BatchLinker.link(index, Records.matcher(), 1, done -> { }).cluster();
        for (int i = 0; i < cluster.length; i++) {
            assertThat(cluster[i]).isLessThanOrEqualTo(i);
            assertThat(cluster[cluster[i]]).isEqualTo(cluster[i]);
        }
        assertThat(cluster[0]).isZero();
        assertThat(cluster[2]).isZero(); // a3 joins a1
    }

    @Test
    void theTwinsAndTheRefusedJoinAndTheNearMissIdGoToReview() {
        MatchIndex index = indexOf(smallPopulation(), 50);
        BatchLinker.Result result = BatchLinker.link(index, Records.matcher(), 2, done -> { });
        Map<String, String> rules = new HashMap<>();
        for (BatchLinker.ReviewPair review : result.reviews()) {
            assertThat(review.score().outcome()).isEqualTo(Outcome.REVIEW);
            assertThat(review.a()).isLessThan(review.b());
            rules.put(index.profile(review.a()).id() + "-" + index.profile(review.b()).id(), review.score().rule());
        }
        assertThat(rules.get("d1-d2")).contains("twins");
        assertThat(rules.get("a1-a3")).startsWith("resident ID differs by one digit");
        assertThat(rules.get("e2-e3")).startsWith("linking would join two different resident IDs");
        assertThat(rules).doesNotContainKey("e1-e2"); // distinct, not a review
    }

    @Test
    void countsComparedPairsAndTheirPatterns() {
        List<Profile> profiles = smallPopulation();
        MatchIndex index = indexOf(profiles, 50);
        long expected = 0;
        for (int i = 0; i < index.size(); i++) {
            for (int j : index.candidatePositions(index.profile(i))) {
                if (j > i) {
                    expected++;
                }
            }
        }
        BatchLinker.Result result = BatchLinker.link(index, Records.matcher(), 3, done -> { });
        assertThat(result.compared()).isEqualTo(expected).isPositive();
        assertThat(result.patterns().total()).isEqualTo(expected);
    }

    @Test
    void anEmptyIndexLinksNothing() {
        BatchLinker.Result result = BatchLinker.link(new MatchIndex(0, 10), Records.matcher(), 2, done -> { });
        assertThat(result.cluster()).isEmpty();
        assertThat(result.reviews()).isEmpty();
        assertThat(result.compared()).isZero();
    }

    @Test
    void theResultDoesNotDependOnThreadsAndReportsProgress() {
        // More than one chunk of 4096 records.
        Population population = Population.generate(17, 2600);
        MatchIndex index = population.index(100);
        assertThat(index.size()).isGreaterThan(4096);
        AtomicLong last = new AtomicLong();
        BatchLinker.Result one = BatchLinker.link(index, Records.matcher(), 1, done -> last.accumulateAndGet(done, Math::max));
        assertThat(last.get()).isEqualTo(index.size());
        BatchLinker.Result four = BatchLinker.link(index, Records.matcher(), 4, done -> { });
        assertThat(four.cluster()).containsExactly(one.cluster());
        assertThat(four.compared()).isEqualTo(one.compared());
        assertThat(four.reviews()).hasSameSizeAs(one.reviews());
    }

    @Test
    void aClusterNeverHoldsTwoDifferentValidResidentIds() {
        qt().withExamples(12).forAll(longs().between(0, 1_000_000)).checkAssert(seed -> {
            Population population = Population.generate(seed, 400);
            MatchIndex index = population.index(50);
            // A lax matcher links much more, so that clusters try hard to absorb conflicting IDs.
            Matcher lax = new Matcher(Records.plausibleModel(), new Matcher.Thresholds(0, -5));
            for (Matcher matcher : List.of(Records.matcher(), lax)) {
                BatchLinker.Result result = BatchLinker.link(index, matcher, 2, done -> { });
                Map<Integer, String> idOfCluster = new HashMap<>();
                for (int i = 0; i < index.size(); i++) {
                    String id = index.profile(i).residentId();
                    if (id != null) {
                        String other = idOfCluster.putIfAbsent(result.cluster()[i], id);
                        assertThat(other == null || other.equals(id)).as("cluster %d holds %s and %s", result.cluster()[i], other, id).isTrue();
                    }
                }
            }
        });
    }

    @Test
    void everyLinkedPairEndsInOneClusterOrInReview() {
        Population population = Population.generate(99, 800);
        MatchIndex index = population.index(50);
        Matcher matcher = Records.matcher();
        BatchLinker.Result result = BatchLinker.link(index, matcher, 2, done -> { });
        Set<Long> reviewed = new HashSet<>();
        for (BatchLinker.ReviewPair review : result.reviews()) {
            reviewed.add((long) review.a() * index.size() + review.b());
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) {
            for (int j : index.candidatePositions(index.profile(i))) {
                if (j <= i) {
                    continue;
                }
                Outcome outcome = matcher.score(index.profile(i), index.profile(j)).outcome();
                boolean together = result.cluster()[i] == result.cluster()[j];
                boolean inReview = reviewed.contains((long) i * index.size() + j);
                if (outcome == Outcome.LINK && !together && !inReview || outcome == Outcome.REVIEW && !inReview) {
                    problems.add(i + "-" + j + " " + outcome);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void linksAGeneratedPopulationWell() {
        Population population = Population.generate(2024, 1500);
        MatchIndex index = population.index(100);
        BatchLinker.Result result = BatchLinker.link(index, Records.matcher(), 2, done -> { });
        LinkageMetrics.Counts counts = new LinkageMetrics(population.truth(), result.cluster()).all();
        assertThat(counts.precision()).as(counts.toString()).isGreaterThan(0.97);
        assertThat(counts.recall()).as(counts.toString()).isGreaterThan(0.85);
    }
}
