package org.cityhealth.identity.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityhealth.identity.linkage.Records.raw;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockingTest {

    private static final String ID = Records.residentId("310104", "1980-05-01", 123);

    // ---- BlockingKeys ----

    @Test
    void keysOfAFullRecord() {
        Profile profile = raw("r").name("张伟").birth("1980-05-01").phone("13800138001").residentId(ID).passport("E12345678").profile();
        assertThat(BlockingKeys.of(profile)).containsExactlyInAnyOrder(
                "id:" + ID, "ia:" + ID.substring(0, 14), "ib:" + ID.substring(6, 17), "ic:" + ID.substring(0, 6) + ID.substring(14, 17),
                "oi:PASSPORT:E12345678", "ny:zhangwei|1980", "nd:zhangwei|1-5", "bd:19801-5", "ph:13800138001");
    }

    @Test
    void anEmptyRecordWaitsUnderNoKey() {
        assertThat(BlockingKeys.of(raw("r").profile())).isEmpty();
        assertThat(BlockingKeys.of(raw("r").name("张伟").district("徐汇区").male().profile())).isEmpty();
    }

    @Test
    void aPartialIdGivesNoIdKeys() {
        assertThat(BlockingKeys.of(raw("r").residentId(ID.substring(0, 17)).profile())).isEmpty();
    }

    @Test
    void aNameWithoutBirthDateGivesNoNameKey() {
        assertThat(BlockingKeys.of(raw("r").name("张伟").phone("13800138001").profile())).containsExactly("ph:13800138001");
    }

    @Test
    void aMistypedDigitKeepsAnIdKey() {
        qt().forAll(integers().between(0, 16), integers().between(1, 9), integers().between(0, 999)).checkAssert((position, delta, sequence) -> {
            String id = Records.residentId("440305", "1969-02-28", sequence);
            char[] chars = id.toCharArray();
            chars[position] = (char) ('0' + (chars[position] - '0' + delta) % 10);
            Set<String> original = idKeys(raw("a").residentId(id).profile());
            Set<String> typo = idKeys(raw("b").residentId(new String(chars)).profile());
            assertThat(typo).hasSize(4);
            original.retainAll(typo);
            assertThat(original).as("shared ID keys with a typo at %d", position).isNotEmpty();
        });
    }

    @Test
    void dayAndMonthInEitherOrderShareKeys() {
        Set<String> a = new HashSet<>(BlockingKeys.of(raw("a").name("张伟").birth("1980-05-01").profile()));
        Set<String> b = new HashSet<>(BlockingKeys.of(raw("b").name("张伟").birth("1980-01-05").profile()));
        a.retainAll(b);
        assertThat(a).containsExactlyInAnyOrder("ny:zhangwei|1980", "nd:zhangwei|1-5", "bd:19801-5");
    }

    @Test
    void homophonesShareNameKeysAndOtherNamesShareTheBirthDate() {
        Set<String> a = new HashSet<>(BlockingKeys.of(raw("a").name("张伟").birth("1980-05-01").profile()));
        Set<String> homophone = new HashSet<>(BlockingKeys.of(raw("b").name("章玮").birth("1980-05-02").profile()));
        homophone.retainAll(a);
        assertThat(homophone).containsExactly("ny:zhangwei|1980");
        Set<String> renamed = new HashSet<>(BlockingKeys.of(raw("c").name("李娜").birth("1980-05-01").profile()));
        renamed.retainAll(a);
        assertThat(renamed).containsExactly("bd:19801-5");
    }

    @Test
    void hashesAreTheDistinctHashesOfTheKeys() {
        Profile profile = raw("r").name("张伟").birth("1980-05-01").phone("13800138001").residentId(ID).profile();
        long[] hashes = BlockingKeys.hashes(profile);
        assertThat(hashes).containsExactlyInAnyOrder(BlockingKeys.of(profile).stream().mapToLong(BlockTable::hash).toArray());
        assertThat(Arrays.stream(hashes).distinct().count()).isEqualTo(hashes.length);
        assertThat(BlockingKeys.hashes(raw("r").profile())).isEmpty();
    }

    private static Set<String> idKeys(Profile profile) {
        Set<String> keys = new HashSet<>();
        for (String key : BlockingKeys.of(profile)) {
            if (key.matches("i[dabc]:.*")) {
                keys.add(key);
            }
        }
        return keys;
    }

    // ---- BlockTable ----

    @Test
    void hashIsStableNonZeroAndSpreads() {
        assertThat(BlockTable.hash("id:" + ID)).isEqualTo(BlockTable.hash("id:" + ID));
        assertThat(BlockTable.hash("ph:13800138001")).isNotEqualTo(BlockTable.hash("ph:13800138002"));
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long hash = BlockTable.hash("ph:" + (13800000000L + i));
            assertThat(hash).isNotZero();
            hashes.add(hash);
        }
        assertThat(hashes).hasSize(200_000);
        qt().forAll(strings().allPossible().ofLengthBetween(0, 30)).checkAssert(key -> assertThat(BlockTable.hash(key)).isNotZero());
    }

    @Test
    void postingsComeBackNewestFirst() {
        BlockTable table = new BlockTable(10);
        table.add(42, 1);
        table.add(42, 7);
        table.add(43, 3);
        table.add(42, 5);
        assertThat(postings(table, 42)).containsExactly(5, 7, 1);
        assertThat(table.size(42)).isEqualTo(3);
        assertThat(postings(table, 43)).containsExactly(3);
        assertThat(table.size(44)).isZero();
        assertThat(postings(table, 44)).isEmpty();
    }

    @Test
    void keysInTheSameSlotKeepTheirOwnPostings() {
        // A table made for one key has 32 slots: 5, 37, 69 and 101 all start at slot 5 and probe on.
        BlockTable table = new BlockTable(1);
        table.add(5, 1);
        table.add(37, 2);
        table.add(69, 3);
        table.add(5, 4);
        table.add(-1, 5);
        table.add(Long.MIN_VALUE, 6);
        assertThat(postings(table, 5)).containsExactly(4, 1);
        assertThat(postings(table, 37)).containsExactly(2);
        assertThat(postings(table, 69)).containsExactly(3);
        assertThat(postings(table, -1)).containsExactly(5);
        assertThat(postings(table, Long.MIN_VALUE)).containsExactly(6);
        assertThat(table.size(101)).isZero();
        assertThat(postings(table, 101)).isEmpty();
    }

    @Test
    void growsFarBeyondItsExpectedSizeWithoutLosingPostings() {
        BlockTable table = new BlockTable(1);
        Map<Long, List<Integer>> expected = new HashMap<>();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int record = 0; record < 60_000; record++) {
            // Keys from a small range on purpose (many repeats), and some that collide in the low bits.
            long key = random.nextBoolean() ? BlockTable.hash("k" + random.nextInt(20_000)) : 1 + ((long) random.nextInt(2000) << 20);
            table.add(key, record);
            expected.computeIfAbsent(key, k -> new ArrayList<>()).add(0, record);
        }
        for (Map.Entry<Long, List<Integer>> entry : expected.entrySet()) {
            assertThat(table.size(entry.getKey())).isEqualTo(entry.getValue().size());
            assertThat(postings(table, entry.getKey())).containsExactlyElementsOf(entry.getValue());
        }
        assertThat(table.size(BlockTable.hash("never added"))).isZero();
    }

    @Test
    void postingsMatchAPlainMultimapForAnyInsertions() {
        qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
            BlockTable table = new BlockTable(random.nextInt(1, 50));
            Map<Long, List<Integer>> expected = new HashMap<>();
            int n = random.nextInt(1, 3000);
            for (int record = 0; record < n; record++) {
                long key = 1 + random.nextLong(1, 1 + random.nextInt(1, 500)) * (random.nextBoolean() ? 1 : 1L << 32);
                table.add(key, record);
                expected.computeIfAbsent(key, k -> new ArrayList<>()).add(0, record);
            }
            expected.forEach((key, records) -> assertThat(postings(table, key)).containsExactlyElementsOf(records));
        });
    }

    private static List<Integer> postings(BlockTable table, long key) {
        List<Integer> records = new ArrayList<>();
        table.forEach(key, records::add);
        return records;
    }

    // ---- MatchIndex ----

    @Test
    void aRecordSharingManyKeysIsACandidateOnce() {
        MatchIndex index = new MatchIndex(10, 100);
        Profile zhang = raw("a").name("张伟").birth("1980-05-01").phone("13800138001").residentId(ID).profile();
        index.add(zhang, 1);
        index.add(raw("b").name("张伟").birth("1980-05-01").phone("13800138001").residentId(ID).profile(), 2);
        index.add(raw("c").name("李娜").birth("1992-11-23").phone("13900139002").profile(), 3);
        int[] positions = index.candidatePositions(raw("d").name("張偉").birth("1980-05-01").phone("13800138001").residentId(ID).profile());
        assertThat(positions).containsExactlyInAnyOrder(0, 1);
        assertThat(index.candidatePositions(zhang)).containsExactlyInAnyOrder(0, 1); // itself included: callers skip it
    }

    @Test
    void candidatesOfOneKindOfKey() {
        MatchIndex index = new MatchIndex(10, 100);
        index.add(raw("sameId").residentId(ID).profile(), 1);
        index.add(raw("samePhone").name("李娜").birth("1992-11-23").phone("13800138001").profile(), 2);
        index.add(raw("sameName").name("张伟").birth("1980-05-09").profile(), 3);
        index.add(raw("sameDay").name("王芳").birth("1980-05-01").profile(), 4);
        Profile zhang = raw("x").name("张伟").birth("1980-05-01").phone("13800138001").residentId(ID).profile();
        assertThat(index.candidatePositions(zhang)).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(index.candidatePositions(zhang, "")).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(index.candidatePositions(zhang, "id:")).containsExactly(0);
        assertThat(index.candidatePositions(zhang, "ph:")).containsExactly(1);
        assertThat(index.candidatePositions(zhang, "ny:")).containsExactly(2);
        assertThat(index.candidatePositions(zhang, "bd:")).containsExactly(3);
        assertThat(index.candidatePositions(zhang, "oi:")).isEmpty();
    }

    @Test
    void aRecordWithoutKeysHasNoCandidates() {
        MatchIndex index = new MatchIndex(10, 100);
        index.add(raw("a").name("张伟").birth("1980-05-01").profile(), 1);
        assertThat(index.candidatePositions(raw("b").name("张伟").profile())).isEmpty();
    }

    @Test
    void blocksLargerThanMaxBlockAreSkipped() {
        // Five records that share only a front-desk phone.
        List<Profile> shared = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            shared.add(raw("r" + i).name(List.of("李娜", "王芳", "赵强", "孙丽", "周杰").get(i)).birth(LocalDate.of(1950 + 10 * i, 1 + i, 10 + i).toString())
                    .phone("02164278000").profile());
        }
        Profile incoming = raw("x").name("吴敏").birth("2001-12-31").phone("021-6427 8000").profile();
        MatchIndex atLimit = new MatchIndex(10, 5);
        MatchIndex belowLimit = new MatchIndex(10, 4);
        for (int i = 0; i < shared.size(); i++) {
            atLimit.add(shared.get(i), i);
            belowLimit.add(shared.get(i), i);
        }
        assertThat(atLimit.candidatePositions(incoming)).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(belowLimit.candidatePositions(incoming)).isEmpty();
        // A record that shares another, small block with one of them still finds that one.
        Profile namesake = raw("y").name("李娜").birth("1950-01-10").phone("02164278000").profile();
        assertThat(belowLimit.candidatePositions(namesake)).containsExactly(0);
    }

    @Test
    void candidatesAreExactlyTheRecordsSharingASmallBlock() {
        Population population = Population.generate(21, 400);
        List<Profile> profiles = population.profiles();
        int maxBlock = 6;
        MatchIndex index = new MatchIndex(profiles.size(), maxBlock);
        Map<String, List<Integer>> blocks = new HashMap<>();
        for (int i = 0; i < profiles.size(); i++) {
            index.add(profiles.get(i), i);
            for (String key : BlockingKeys.of(profiles.get(i))) {
                blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        for (Profile profile : profiles) {
            Set<Integer> expected = new HashSet<>();
            for (String key : BlockingKeys.of(profile)) {
                List<Integer> block = blocks.getOrDefault(key, List.of());
                if (block.size() <= maxBlock) {
                    expected.addAll(block);
                }
            }
            int[] found = index.candidatePositions(profile);
            assertThat(Arrays.stream(found).distinct().count()).as("no repeats").isEqualTo(found.length);
            assertThat(Arrays.stream(found).boxed().toList()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void keepsPersonsOfManyRecords() {
        MatchIndex index = new MatchIndex(1, 10);
        for (int i = 0; i < 3000; i++) {
            assertThat(index.add(raw("r" + i).phone(String.format("139%08d", i)).profile(), 10_000L + i)).isEqualTo(i);
        }
        assertThat(index.size()).isEqualTo(3000);
        assertThat(index.person(2999)).isEqualTo(12_999L);
        index.setPerson(2999, 7);
        assertThat(index.person(2999)).isEqualTo(7);
        assertThat(index.profile(1500).id()).isEqualTo("r1500");
        assertThat(index.candidatePositions(raw("x").phone("13900001500").profile())).containsExactly(1500);
        List<Matcher.Candidate> candidates = index.candidates(raw("x").phone("13900002999").profile());
        assertThat(candidates).singleElement().satisfies(candidate -> {
            assertThat(candidate.person()).isEqualTo(7);
            assertThat(candidate.profile().id()).isEqualTo("r2999");
        });
    }
}
