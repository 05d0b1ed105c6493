package org.cityhealth.synthetic;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chinese names: a family name drawn by its frequency (the national ranking, tilted towards names common in Zhejiang,
 * with the rare compound names 欧阳, 司马, 诸葛, 上官 …) and a one- or two-character given name in the fashion of the
 * person's birth decade (建国 and 秀英 for grandparents, 伟 and 丽 for parents, 梓轩 and 欣怡 for children).
 */
final class NameGenerator {

    /** A generated name. */
    record Name(String family, String given) {
        String full() {
            return family + given;
        }
    }

    /** Family names and their weight in per-mille of the population. */
    private static final String[] FAMILY = {
            "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
            "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
            "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
            "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
            "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "武", "戴", "俞", "楼", "应", "章", "倪",
            "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "夏侯", "慕容", "令狐"};
    private static final double[] FAMILY_WEIGHT = {
            71, 70, 67, 54, 60, 31, 22, 20, 28, 22, 22, 16, 12, 12, 14, 11, 10, 10, 10, 9,
            9, 8, 7, 6, 6, 7, 6, 5, 5, 5, 5, 5, 5, 4, 4, 4, 6, 4, 5, 4,
            5, 4, 7, 5, 3, 3, 3, 4, 3, 8, 4, 3, 3, 3, 3, 3, 5, 5, 4, 6,
            2, 2, 2, 2, 2, 2, 4, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
            2, 2, 2, 2, 2, 3, 3, 2, 2, 3, 2, 4, 2, 2, 2, 4, 3, 3, 3, 2,
            0.3, 0.08, 0.06, 0.06, 0.08, 0.04, 0.04, 0.03, 0.03, 0.02};
    private static final double[] FAMILY_CUMULATIVE = cumulative(FAMILY_WEIGHT);

    static {
        if (FAMILY.length != FAMILY_WEIGHT.length) {
            throw new AssertionError("every family name needs a weight");
        }
    }

    /** Given-name characters per era (born before 1960, 1960–1989, 1990–2009, 2010 on) and sex. */
    private static final String[][] MALE = {
            chars("建国华军明德福志国强文忠立新海林生荣庆平兴发祥宝贵昌"),
            chars("伟勇军磊涛斌强刚辉波杰鹏峰超明亮东华平健斌俊锋飞宁敏"),
            chars("浩宇杰鑫鹏帅磊博俊豪凯晨阳轩涛航然哲翔浩天嘉睿子文"),
            chars("梓轩宇泽沐宸睿浩然子墨一诺辰铭煜皓俊熙博文奕晨安")};
    private static final String[][] FEMALE = {
            chars("秀英兰珍桂凤玉华芳淑琴云梅菊美娟素英月花玲霞"),
            chars("丽静敏艳娟霞燕芳红玲萍婷慧琳洁颖雪倩丹莉晶"),
            chars("婷欣怡雪佳琪颖悦思雨梦瑶倩诗璐涵蕾晨露佳慧"),
            chars("梓涵欣怡诗若汐依诺语桐一可馨雨萱紫沐曦悦安然")};
    /** Share of single-character given names per era: they were common a generation ago and are rare now. */
    private static final double[] SINGLE = {0.30, 0.40, 0.22, 0.12};

    private NameGenerator() {
    }

    static Name name(boolean male, int birthYear, SplittableRandom random) {
        return new Name(family(random), given(male, birthYear, random));
    }

    static String family(SplittableRandom random) {
        double pick = random.nextDouble() * FAMILY_CUMULATIVE[FAMILY_CUMULATIVE.length - 1];
        int low = 0;
        int high = FAMILY_CUMULATIVE.length - 1;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (FAMILY_CUMULATIVE[middle] > pick) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return FAMILY[low];
    }

    static String given(boolean male, int birthYear, SplittableRandom random) {
        int era = birthYear < 1960 ? 0 : birthYear < 1990 ? 1 : birthYear < 2010 ? 2 : 3;
        String[] pool = (male ? MALE : FEMALE)[era];
        // A neighbouring era's pool now and then: names do not change overnight with the decade.
        if (random.nextDouble() < 0.2) {
            int neighbour = era == 0 ? 1 : era == 3 ? 2 : era + (random.nextBoolean() ? 1 : -1);
            pool = (male ? MALE : FEMALE)[neighbour];
        }
        String first = pool[random.nextInt(pool.length)];
        if (random.nextDouble() < SINGLE[era]) {
            return first;
        }
        String second = pool[random.nextInt(pool.length)];
        // Doubled characters (婷婷, 伟伟) exist but mostly as nicknames; keep them rare.
        if (second.equals(first) && random.nextDouble() < 0.8) {
            second = pool[(random.nextInt(pool.length - 1) + 1 + indexOf(pool, first)) % pool.length];
        }
        return first + second;
    }

    /** For tests: every character a given name can contain, in pool order. */
    static Set<String> givenNameCharacters() {
        Set<String> out = new LinkedHashSet<>();
        for (String[][] pools : new String[][][] {MALE, FEMALE}) {
            for (String[] pool : pools) {
                out.addAll(List.of(pool));
            }
        }
        return out;
    }

    /** For tests: every family name. */
    static List<String> familyNames() {
        return List.of(FAMILY);
    }

    private static int indexOf(String[] pool, String value) {
        for (int i = 0; i < pool.length; i++) {
            if (pool[i].equals(value)) {
                return i;
            }
        }
        return 0;
    }

    private static String[] chars(String text) {
        return text.codePoints().mapToObj(Character::toString).toArray(String[]::new);
    }

    private static double[] cumulative(double[] weights) {
        double[] out = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            out[i] = sum;
        }
        return out;
    }
}
