package org.cityhealth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class NamesTest {

    // ---- fold ----

    @Test
    void foldsTraditionalCharactersToSimplified() {
        assertThat(Names.fold("張偉")).isEqualTo("张伟");
        assertThat(Names.fold("歐陽修")).isEqualTo("欧阳修");
        assertThat(Names.fold("歐陽")).isEqualTo("欧阳");
        assertThat(Names.fold("陳麗華")).isEqualTo("陈丽华");
        assertThat(Names.fold("浦東新區")).isEqualTo("浦东新区");
    }

    @Test
    void leavesSimplifiedNamesAlone() {
        assertThat(Names.fold("张伟")).isEqualTo("张伟");
        assertThat(Names.fold("欧阳修")).isEqualTo("欧阳修");
    }

    @Test
    void foldsFullWidthLettersAndCase() {
        assertThat(Names.fold("ＺＨＡＮＧ Ｗｅｉ")).isEqualTo("zhangwei");
        assertThat(Names.fold("Zhang WEI")).isEqualTo("zhangwei");
        assertThat(Names.fold("zhang wei")).isEqualTo(Names.fold("ZHANG  WEI"));
    }

    @Test
    void dropsBlanksAndTheSeparatorsOfTransliteratedNames() {
        assertThat(Names.fold("阿卜杜·热合曼")).isEqualTo("阿卜杜热合曼");
        assertThat(Names.fold("阿卜杜•热合曼")).isEqualTo("阿卜杜热合曼");
        assertThat(Names.fold("阿卜杜・热合曼")).isEqualTo("阿卜杜热合曼"); // katakana middle dot, as Japanese IMEs type it
        assertThat(Names.fold("Jean-Luc O.Neill")).isEqualTo("jeanluconeill");
        assertThat(Names.fold(" 张\t伟 ")).isEqualTo("张伟");
        assertThat(Names.fold("张\u3000伟")).isEqualTo("张伟"); // ideographic space
    }

    @Test
    void nothingLeftIsNull() {
        assertThat(Names.fold(null)).isNull();
        assertThat(Names.fold("")).isNull();
        assertThat(Names.fold("   ")).isNull();
        assertThat(Names.fold("·•.-")).isNull();
        assertThat(Names.fold("😀😀")).isNull();
        assertThat(Names.fold("123")).isNull();
    }

    @Test
    void foldSurvivesLoneSurrogatesAndEmoji() {
        assertThat(Names.fold("\uD800张\uDC00伟😀")).isEqualTo("张伟");
        assertThat(Names.fold("\uDBFF")).isNull();
    }

    @Test
    void foldIsIdempotentOnNameLikeText() {
        qt().forAll(nameLike()).checkAssert(name -> {
            String once = Names.fold(name);
            assertThat(Names.fold(once)).isEqualTo(once);
        });
    }

    @Test
    void foldIgnoresWhereSeparatorsAre() {
        qt().forAll(lists().of(Generate.pick(HAN_AND_LATIN)).ofSizeBetween(1, 8), lists().of(Generate.pick(SEPARATORS)).ofSizeBetween(1, 8))
                .checkAssert((letters, separators) -> {
                    StringBuilder spaced = new StringBuilder();
                    for (int i = 0; i < letters.size(); i++) {
                        spaced.append(letters.get(i)).append(separators.get(i % separators.size()));
                    }
                    assertThat(Names.fold(spaced.toString())).isEqualTo(Names.fold(String.join("", letters)));
                });
    }

    @Test
    void foldNeverThrowsAndKeepsOnlyLowerCaseLetters() {
        qt().forAll(anyText()).checkAssert(text -> {
            String folded = Names.fold(text);
            if (folded != null) {
                assertThat(folded).isNotEmpty();
                assertThat(folded.codePoints().allMatch(Character::isLetter)).as("only letters in %s", folded).isTrue();
                assertThat(folded.codePoints().noneMatch(Character::isUpperCase)).as("no upper case in %s", folded).isTrue();
            }
        });
        qt().forAll(strings().allPossible().ofLengthBetween(0, 40)).checkAssert(text -> assertThatCode(() -> Names.fold(text)).doesNotThrowAnyException());
    }

    // was disabled: fixed
    @Test
    void foldIsIdempotentEverywhere() {
        for (String text : List.of("薴", "鏇", "张薴", "\u1100-\u1161")) {
            String once = Names.fold(text);
            assertThat(Names.fold(once)).as("fold(fold(%s))", text).isEqualTo(once);
        }
    }

    // ---- isHan and splitFamily ----

    @Test
    void recognisesChineseOnlyNames() {
        assertThat(Names.isHan("张伟")).isTrue();
        assertThat(Names.isHan("张wei")).isFalse();
        assertThat(Names.isHan("")).isFalse();
        assertThat(Names.isHan(null)).isFalse();
    }

    @Test
    void splitsSingleCharacterSurnames() {
        assertThat(Names.splitFamily("张伟")).containsExactly("张", "伟");
        assertThat(Names.splitFamily("张建国")).containsExactly("张", "建国");
    }

    @Test
    void splitsCompoundSurnames() {
        assertThat(Names.splitFamily("欧阳修")).containsExactly("欧阳", "修");
        assertThat(Names.splitFamily("司马相如")).containsExactly("司马", "相如");
        assertThat(Names.splitFamily("诸葛亮")).containsExactly("诸葛", "亮");
        assertThat(Names.splitFamily("上官婉儿")).containsExactly("上官", "婉儿");
    }

    @Test
    void twoCharactersAreNeverACompoundSurnameAlone() {
        // 欧阳 alone: a person called 阳 of the family 欧, not a family name without a given name.
        assertThat(Names.splitFamily("欧阳")).containsExactly("欧", "阳");
        assertThat(Names.splitFamily("司马")).containsExactly("司", "马");
    }

    @Test
    void doesNotSplitWhatItCannot() {
        assertThat(Names.splitFamily("张")).containsExactly("张", null);
        assertThat(Names.splitFamily("zhangwei")).containsExactly("zhangwei", null);
        assertThat(Names.splitFamily(null)).containsExactly(null, null);
    }

    @Test
    void splitPartsJoinBackToTheName() {
        qt().forAll(hanNames()).checkAssert(name -> {
            String[] parts = Names.splitFamily(name);
            assertThat(parts[0] + parts[1]).isEqualTo(name);
            assertThat(parts[0]).hasSizeBetween(1, 2);
            assertThat(parts[1]).isNotEmpty();
        });
    }

    // was disabled: fixed
    @Test
    void splitsSurnamesOutsideTheBasicPlane() {
        assertThat(Names.isHan("𠮷伟")).isTrue();
        assertThat(Names.splitFamily("𠮷伟")).containsExactly("𠮷", "伟");
        assertThat(Names.splitFamily("张𠮷")).containsExactly("张", "𠮷");
    }

    // ---- readings, soundAlike, phoneticKey ----

    @Test
    void readsEveryTonelessReading() {
        assertThat(Names.readings('单')).contains("dan", "shan");
        assertThat(Names.readings('张')).containsExactly("zhang");
        assertThat(Names.readings('吕')).containsExactly("lv");
        assertThat(Names.readings('a')).containsExactly("a");
    }

    // was disabled: fixed
    @Test
    void readingsCannotBeChangedByTheCaller() {
        String[] readings = Names.readings('鑫');
        readings[0] = "changed";
        try {
            assertThat(Names.readings('鑫')).containsExactly("xin");
        } finally {
            readings[0] = "xin"; // undo the damage for the other tests of this JVM
        }
    }

    @Test
    void homophonesSoundAlike() {
        assertThat(Names.soundAlike("张", "章")).isTrue();
        assertThat(Names.soundAlike("张伟", "章玮")).isTrue();
        assertThat(Names.soundAlike("欧阳修", "欧阳秀")).isTrue();
        assertThat(Names.soundAlike("李娜", "黎纳")).isTrue();
    }

    @Test
    void polyphonicCharactersSoundLikeEachOfTheirReadings() {
        assertThat(Names.soundAlike("单", "善")).isTrue(); // shan, as a surname
        assertThat(Names.soundAlike("单", "丹")).isTrue(); // dan, the common reading
        assertThat(Names.soundAlike("善", "丹")).isFalse();
        assertThat(Names.soundAlike("曾", "增")).isTrue(); // zeng
        assertThat(Names.soundAlike("长", "常")).isTrue(); // chang
    }

    @Test
    void differentSoundsOrLengthsDoNotSoundAlike() {
        assertThat(Names.soundAlike("张伟", "张强")).isFalse();
        assertThat(Names.soundAlike("张伟", "张伟强")).isFalse();
        assertThat(Names.soundAlike("王", "汪洋")).isFalse();
        assertThat(Names.soundAlike(null, "张")).isFalse();
        assertThat(Names.soundAlike("张", null)).isFalse();
        assertThat(Names.soundAlike("wei", "wie")).isFalse();
    }

    @Test
    void soundAlikeIsReflexiveAndSymmetric() {
        qt().forAll(anyText()).checkAssert(text -> assertThat(Names.soundAlike(text, text)).isTrue());
        qt().forAll(homophoneText(), homophoneText()).checkAssert((a, b) -> assertThat(Names.soundAlike(a, b)).isEqualTo(Names.soundAlike(b, a)));
        qt().forAll(anyText(), anyText()).checkAssert((a, b) -> assertThat(Names.soundAlike(a, b)).isEqualTo(Names.soundAlike(b, a)));
    }

    @Test
    void phoneticKeyJoinsTheCommonReadings() {
        assertThat(Names.phoneticKey("张伟")).isEqualTo("zhangwei");
        assertThat(Names.phoneticKey("章玮")).isEqualTo(Names.phoneticKey("张伟"));
        assertThat(Names.phoneticKey("吕")).isEqualTo("lv");
        assertThat(Names.phoneticKey("单")).isEqualTo("dan"); // the first (common) reading only
        assertThat(Names.phoneticKey("西安")).isEqualTo(Names.phoneticKey("先"));
        assertThat(Names.phoneticKey("john")).isEqualTo("john");
        assertThat(Names.phoneticKey(null)).isNull();
        assertThat(Names.phoneticKey("")).isEmpty();
    }

    @Test
    void namesOfSingleReadingCharactersSoundAlikeExactlyWhenTheirKeysAgree() {
        qt().forAll(homophoneText(), homophoneText()).checkAssert((a, b) -> {
            boolean singleReadings = (a + b).chars().allMatch(c -> Names.readings((char) c).length == 1);
            if (singleReadings && a.length() == b.length()) {
                assertThat(Names.soundAlike(a, b)).isEqualTo(Names.phoneticKey(a).equals(Names.phoneticKey(b)));
            }
        });
    }

    // ---- generators ----

    private static final List<String> HAN_AND_LATIN = List.of("张", "張", "伟", "偉", "欧", "歐", "阳", "陽", "修", "秀", "单", "善",
            "丹", "李", "黎", "娜", "纳", "国", "國", "华", "華", "强", "強", "买", "買", "阿", "卜", "杜", "热", "合", "曼",
            "a", "B", "z", "Ｚ", "ｈ", "é", "Ö", "ß");
    private static final List<String> SEPARATORS = List.of(" ", "\t", "·", "•", ".", "-", "\u3000", "・", "'");
    private static final List<String> HOMOPHONES = List.of("张", "章", "伟", "玮", "单", "善", "丹", "修", "秀", "李", "黎", "曾", "增",
            "长", "常", "王", "汪", "强", "墙");

    private static Gen<String> nameLike() {
        List<String> alphabet = new ArrayList<>(HAN_AND_LATIN);
        alphabet.addAll(SEPARATORS);
        return lists().of(Generate.pick(alphabet)).ofSizeBetween(0, 12).map(parts -> String.join("", parts));
    }

    private static Gen<String> hanNames() {
        List<String> han = List.of("张", "欧", "阳", "司", "马", "伟", "修", "相", "如", "诸", "葛", "亮", "上", "官", "国");
        return lists().of(Generate.pick(han)).ofSizeBetween(2, 5).map(parts -> String.join("", parts));
    }

    private static Gen<String> homophoneText() {
        return lists().of(Generate.pick(HOMOPHONES)).ofSizeBetween(0, 4).map(parts -> String.join("", parts));
    }

    /** Anything: every code point, lone surrogates, emoji, combining marks, full-width forms. */
    static Gen<String> anyText() {
        Gen<String> codePoint = integers().between(0, Character.MAX_CODE_POINT).map(cp -> new String(Character.toChars(cp)));
        Gen<String> surrogate = integers().between(0xD800, 0xDFFF).map(c -> String.valueOf((char) c.intValue()));
        Gen<String> emoji = integers().between(0x1F300, 0x1FAFF).map(cp -> new String(Character.toChars(cp)));
        Gen<String> special = arbitrary().pick("\u0301", "\u200B", "\uFEFF", "Ａ", "１", "·", " ", "\u0000", "ǅ", "İ", "ﬃ", "㍿", "張");
        Gen<String> unit = Generate.frequency(org.quicktheories.api.Pair.of(4, codePoint), org.quicktheories.api.Pair.of(2, surrogate),
                org.quicktheories.api.Pair.of(2, emoji), org.quicktheories.api.Pair.of(3, special));
        return lists().of(unit).ofSizeBetween(0, 20).map(parts -> String.join("", parts));
    }
}
