package org.cityhealth.synthetic;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The name errors a registration clerk makes: a homophone picked from the pinyin input method's candidates, the
 * name written in traditional characters, or a character of a two-character given name left out.
 *
 * <p>The tables below are <em>test data for the synthetic city</em>, small and hand-made for the characters
 * {@link NameGenerator} uses. They are not linkage logic and are deliberately not shared with the hub: a matcher that
 * knew exactly these confusions would be graded on its own answer key.
 */
final class NameTypos {

    /** A name as a source wrote it wrongly. */
    record Typo(NoiseKind kind, String family, String given) {
    }

    /**
     * Groups of name characters with the same pinyin syllable (mostly the same tone too; where the tone differs the
     * characters still share the input method's candidate list, which is where these slips come from). Every given-name
     * character of {@link NameGenerator} is in a group except 海, 诺, 安 and 若, which have no homophone a name would use.
     */
    private static final String[] HOMOPHONE_GROUPS = {
            "建健剑", "国帼", "华骅花", "军君钧均", "明铭鸣", "德得", "福芙符", "志智致", "强蔷", "文雯闻", "忠中钟",
            "立丽莉力俐利", "新欣鑫心馨", "林琳霖麟", "生升笙", "荣蓉容融", "庆青清", "平萍苹坪", "兴星", "发法",
            "祥翔详", "宝保葆", "贵桂", "昌长常", "伟威玮炜纬", "勇永咏", "磊蕾垒", "涛韬滔", "斌彬滨", "刚钢纲",
            "辉晖徽", "波博柏伯", "杰洁婕捷", "鹏朋", "峰锋丰枫", "超朝", "亮靓", "东冬", "俊骏峻", "飞菲非霏",
            "宁凝", "敏闽珉", "浩皓昊灏", "宇雨语羽禹", "帅率", "豪濠", "凯楷恺", "晨辰宸琛臣", "阳洋扬",
            "轩萱宣暄", "航杭", "然燃", "哲喆", "天添", "嘉佳家", "睿瑞锐", "子梓紫", "泽择", "沐慕穆", "墨默",
            "一依伊", "怡宜仪", "煜玉钰昱", "熙曦汐希溪", "奕亦艺逸", "秀绣", "英瑛莺樱", "兰岚蓝澜", "珍真贞",
            "凤奉", "芳方", "淑舒姝", "琴勤芹", "云芸昀", "梅玫美", "菊橘", "娟鹃", "素苏", "月悦越岳", "玲铃灵",
            "霞侠", "静婧靖", "艳燕彦雁", "红虹鸿宏", "婷亭庭", "慧惠蕙", "颖影", "雪学", "倩茜", "丹单",
            "晶菁京", "琪琦祺淇", "思丝斯", "梦孟", "瑶遥尧", "诗施", "璐露路鹭", "涵晗寒", "桐彤童", "可珂"};

    /**
     * Simplified → traditional for the characters of {@link NameGenerator}'s family and given names that have a
     * distinct traditional form (张→張, 华→華, 丽→麗 …); the others are written alike.
     */
    private static final String[] TRADITIONAL_PAIRS = {
            // family names
            "张張", "刘劉", "陈陳", "杨楊", "黄黃", "赵趙", "吴吳", "孙孫", "马馬", "郑鄭", "罗羅", "谢謝", "许許",
            "韩韓", "冯馮", "邓鄧", "蒋蔣", "叶葉", "苏蘇", "吕呂", "卢盧", "钟鍾", "谭譚", "陆陸", "贾賈", "韦韋",
            "邹鄒", "闫閆", "龙龍", "贺賀", "顾顧", "龚龔", "万萬", "钱錢", "严嚴", "楼樓", "应應", "欧歐", "诸諸",
            // given names (东 also serves 东方, 阳 欧阳)
            "华華", "军軍", "国國", "兴興", "发發", "宝寶", "贵貴", "庆慶", "荣榮", "强強", "伟偉", "涛濤", "辉輝",
            "鹏鵬", "锋鋒", "东東", "杰傑", "飞飛", "宁寧", "帅帥", "凯凱", "阳陽", "轩軒", "泽澤", "诺諾", "铭銘",
            "兰蘭", "凤鳳", "云雲", "丽麗", "静靜", "艳艷", "红紅", "洁潔", "颖穎", "悦悅", "梦夢", "瑶瑤", "诗詩",
            "语語", "刚剛"};

    /**
     * How often each kind is chosen when all three fit: a judgement — input-method homophones are the commonest
     * slip, dropped characters next, traditional writing the rarest.
     */
    private static final double HOMOPHONE_WEIGHT = 0.5;
    private static final double DROPPED_WEIGHT = 0.3;
    private static final double TRADITIONAL_WEIGHT = 0.2;

    private static final Map<Integer, String> HOMOPHONES = new HashMap<>();
    private static final Map<Integer, Integer> TRADITIONAL = new HashMap<>();

    static {
        for (String group : HOMOPHONE_GROUPS) {
            group.codePoints().forEach(c -> {
                if (HOMOPHONES.put(c, group) != null) {
                    throw new AssertionError("a character belongs to one homophone group: " + Character.toString(c));
                }
            });
        }
        for (String pair : TRADITIONAL_PAIRS) {
            int[] c = pair.codePoints().toArray();
            if (c.length != 2 || TRADITIONAL.put(c[0], c[1]) != null) {
                throw new AssertionError("bad traditional pair " + pair);
            }
        }
    }

    private NameTypos() {
    }

    /** One error in the name, chosen by {@code random} among the kinds that fit it; null when none fits. */
    static Typo apply(String family, String given, SplittableRandom random) {
        int[] g = given.codePoints().toArray();
        boolean homophone = false;
        for (int c : g) {
            homophone |= HOMOPHONES.containsKey(c);
        }
        boolean traditional = hasTraditional(family) || hasTraditional(given);
        boolean droppable = g.length == 2;
        double total = (homophone ? HOMOPHONE_WEIGHT : 0) + (droppable ? DROPPED_WEIGHT : 0)
                + (traditional ? TRADITIONAL_WEIGHT : 0);
        if (total == 0) {
            return null;
        }
        double pick = random.nextDouble() * total;
        if (homophone && (pick -= HOMOPHONE_WEIGHT) < 0) {
            return new Typo(NoiseKind.NAME_HOMOPHONE, family, homophone(g, random));
        }
        if (droppable && (pick -= DROPPED_WEIGHT) < 0) {
            int dropped = random.nextInt(2);
            return new Typo(NoiseKind.NAME_DROPPED_CHARACTER, family, Character.toString(g[1 - dropped]));
        }
        return traditional ? new Typo(NoiseKind.NAME_TRADITIONAL, toTraditional(family), toTraditional(given))
                // Only reached through rounding at the very end of the range: fall back to a kind that fits.
                : homophone ? new Typo(NoiseKind.NAME_HOMOPHONE, family, homophone(g, random))
                : new Typo(NoiseKind.NAME_DROPPED_CHARACTER, family, Character.toString(g[0]));
    }

    /** Another character of the same pinyin in place of one of the given name's characters that has one. */
    private static String homophone(int[] given, SplittableRandom random) {
        int candidates = 0;
        for (int c : given) {
            candidates += HOMOPHONES.containsKey(c) ? 1 : 0;
        }
        int chosen = random.nextInt(candidates);
        int[] out = given.clone();
        for (int i = 0; i < out.length; i++) {
            String group = HOMOPHONES.get(out[i]);
            if (group != null && chosen-- == 0) {
                int original = out[i];
                // Every group has two members or more, so the name always changes.
                int[] others = group.codePoints().filter(c -> c != original).toArray();
                out[i] = others[random.nextInt(others.length)];
                break;
            }
        }
        return new String(out, 0, out.length);
    }

    static boolean hasTraditional(String text) {
        return text.codePoints().anyMatch(TRADITIONAL::containsKey);
    }

    static String toTraditional(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(TRADITIONAL.getOrDefault(c, c)));
        return out.toString();
    }

    /** For tests: whether a given-name character has a homophone in the table. */
    static boolean hasHomophone(int codePoint) {
        return HOMOPHONES.containsKey(codePoint);
    }
}
