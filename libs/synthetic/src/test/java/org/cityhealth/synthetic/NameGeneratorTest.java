package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NameGeneratorTest {

    @Test
    void familyNamesFollowTheirFrequencyIncludingRareCompoundOnes() {
        SplittableRandom random = new SplittableRandom(1);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            counts.merge(NameGenerator.family(random), 1, Integer::sum);
        }
        // 王, 李, 张 and 陈 are each about one in fifteen; 欧阳 a few in ten thousand.
        for (String common : new String[] {"王", "李", "张", "陈"}) {
            assertThat(counts.get(common)).as(common).isBetween(9_000, 18_000);
        }
        assertThat(counts.get("欧阳")).isBetween(20, 200);
        assertThat(counts).containsKeys("司马", "诸葛", "上官");
    }

    @Test
    void givenNamesHaveOneOrTwoCharactersAndFollowTheBirthDecade() {
        SplittableRandom random = new SplittableRandom(2);
        int single = 0;
        int jianguo = 0;
        for (int i = 0; i < 20_000; i++) {
            String given = NameGenerator.given(true, 1950, random);
            assertThat(given.codePointCount(0, given.length())).isBetween(1, 2);
            single += given.length() == 1 ? 1 : 0;
            jianguo += given.contains("建") || given.contains("国") ? 1 : 0;
        }
        assertThat(single).isBetween(4_000, 8_000);
        assertThat(jianguo).as("建 and 国 are the 1950s' names").isGreaterThan(2_000);
        int modern = 0;
        for (int i = 0; i < 20_000; i++) {
            String given = NameGenerator.given(false, 2018, random);
            modern += given.contains("梓") || given.contains("涵") || given.contains("诺") ? 1 : 0;
        }
        assertThat(modern).isGreaterThan(2_000);
    }
}
