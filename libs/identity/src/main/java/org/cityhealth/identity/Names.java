package org.cityhealth.identity;

import com.hankcs.hanlp.HanLP;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sourceforge.pinyin4j.PinyinHelper;
import net.sourceforge.pinyin4j.format.HanyuPinyinCaseType;
import net.sourceforge.pinyin4j.format.HanyuPinyinOutputFormat;
import net.sourceforge.pinyin4j.format.HanyuPinyinToneType;
import net.sourceforge.pinyin4j.format.HanyuPinyinVCharType;
import net.sourceforge.pinyin4j.format.exception.BadHanyuPinyinOutputFormatCombination;

/**
 * Person names as record linkage compares them: folded to one written form, and read aloud.
 *
 * <p>Folding turns full-width letters into ASCII (NFKC), drops blanks and the separators of transliterated names
 * ({@code ·}, {@code •}, {@code .}, {@code -}), lower-cases Latin letters and converts traditional characters to
 * simplified ones with HanLP's OpenCC-derived table, so {@code 張偉}, {@code 张 伟} and {@code 张伟} are one name.
 *
 * <p>Readings come from pinyin4j, which knows every toneless reading of a character: two characters sound alike
 * when any readings meet, so a polyphonic surname ({@code 单} dan/shan) matches a homophone typo whichever reading
 * the clerk had in mind.
 */
public final class Names {

    /** 复姓: the compound surnames of the 百家姓. A closed, short list that no library exposes on its own. */
    private static final Set<String> COMPOUND_SURNAMES = Set.of(
            "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯",
            "轩辕", "端木", "南宫", "西门", "独孤", "万俟", "闻人", "澹台", "公冶", "太叔", "申屠", "淳于", "单于",
            "钟离", "呼延", "赫连", "濮阳", "司空", "百里", "东郭", "南门", "羊舌", "微生", "梁丘", "左丘", "东门",
            "第五", "公羊", "拓跋", "夹谷", "宰父", "谷梁", "段干", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良",
            "亓官", "司寇", "仉督", "子车", "颛孙", "鲜于", "闾丘", "亢父", "乐羊");

    private static final HanyuPinyinOutputFormat TONELESS = new HanyuPinyinOutputFormat();
    private static final ConcurrentHashMap<Character, String[]> READINGS = new ConcurrentHashMap<>();

    static {
        TONELESS.setToneType(HanyuPinyinToneType.WITHOUT_TONE);
        TONELESS.setCaseType(HanyuPinyinCaseType.LOWERCASE);
        TONELESS.setVCharType(HanyuPinyinVCharType.WITH_V);
    }

    private Names() {
    }

    /** The folded form of a name, or null when nothing of it is left (blank, separators only). */
    public static String fold(String name) {
        if (name == null) {
            return null;
        }
        String normal = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder kept = new StringBuilder(normal.length());
        boolean han = false;
        for (int i = 0; i < normal.length(); ) {
            int cp = normal.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetter(cp)) {
                kept.appendCodePoint(Character.toLowerCase(cp));
                han |= Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        // Dropping separators can join what NFKC would compose, and HanLP converts some characters in two steps
        // (薴→苧→苎): repeat until nothing changes, so that folding a folded name changes nothing.
        String folded = Normalizer.normalize(kept.toString(), Normalizer.Form.NFKC);
        for (int round = 0; han && round < 4; round++) {
            String next = HanLP.convertToSimplifiedChinese(folded);
            if (next.equals(folded)) {
                break;
            }
            folded = next;
        }
        return folded;
    }

    /** True when the name is made of Chinese characters only (after folding). */
    public static boolean isHan(String folded) {
        return folded != null && !folded.isEmpty() && folded.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    /** Splits a folded Chinese full name into family and given name, knowing the compound surnames. */
    public static String[] splitFamily(String folded) {
        if (!isHan(folded) || folded.length() < 2) {
            return new String[] {folded, null};
        }
        int characters = folded.codePointCount(0, folded.length());
        int familyCharacters = characters >= 3 && COMPOUND_SURNAMES.contains(folded.substring(0, folded.offsetByCodePoints(0, 2))) ? 2 : 1;
        if (characters < 2) {
            return new String[] {folded, null};
        }
        int split = folded.offsetByCodePoints(0, familyCharacters);
        return new String[] {folded.substring(0, split), folded.substring(split)};
    }

    /** The toneless readings of a character; a non-Chinese character reads as itself. */
    public static String[] readings(char c) {
        return READINGS.computeIfAbsent(c, Names::lookUp).clone();
    }

    private static String[] lookUp(Character c) {
        try {
            String[] all = PinyinHelper.toHanyuPinyinStringArray(c, TONELESS);
            if (all == null || all.length == 0) {
                return new String[] {String.valueOf(c)};
            }
            // pinyin4j lists the common reading first; keep that order, drop the repeats that only differed by tone.
            return Arrays.stream(all).distinct().toArray(String[]::new);
        } catch (BadHanyuPinyinOutputFormatCombination e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when every character of {@code a} shares a reading with the character of {@code b} at its place. */
    public static boolean soundAlike(String a, String b) {
        if (a == null || b == null || a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && !share(READINGS.computeIfAbsent(x, Names::lookUp), READINGS.computeIfAbsent(y, Names::lookUp))) {
                return false;
            }
        }
        return true;
    }

    /** A key that homophones share for blocking: the first (common) reading of every character, concatenated. */
    public static String phoneticKey(String folded) {
        if (folded == null) {
            return null;
        }
        StringBuilder key = new StringBuilder(folded.length() * 4);
        for (int i = 0; i < folded.length(); i++) {
            key.append(READINGS.computeIfAbsent(folded.charAt(i), Names::lookUp)[0]);
        }
        return key.toString();
    }

    private static boolean share(String[] a, String[] b) {
        for (String x : a) {
            for (String y : b) {
                if (x.equals(y)) {
                    return true;
                }
            }
        }
        return false;
    }
}
