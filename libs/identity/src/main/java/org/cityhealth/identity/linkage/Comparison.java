package org.cityhealth.identity.linkage;

import java.time.LocalDate;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.cityhealth.identity.Names;

/**
 * The agreement level of every {@link Field} between two records; {@code -1} where either side lacks the field.
 * Levels, not raw similarities, because Fellegi–Sunter weights are estimated per level.
 */
public record Comparison(int[] levels) {

    private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(1);

    /** Distinct values a level takes, counting "missing": the radix of {@link #pattern()}. */
    static final int RADIX = 6;

    public int level(Field field) {
        return levels[field.ordinal()];
    }

    /** All levels as one number, so that comparisons can be counted by pattern (EM works on those counts). */
    public int pattern() {
        int code = 0;
        for (int i = levels.length - 1; i >= 0; i--) {
            code = code * RADIX + levels[i] + 1;
        }
        return code;
    }

    static int[] levelsOf(int pattern) {
        int[] levels = new int[Field.COUNT];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = pattern % RADIX - 1;
            pattern /= RADIX;
        }
        return levels;
    }

    public static Comparison of(Profile a, Profile b) {
        int[] levels = new int[Field.COUNT];
        levels[Field.RESIDENT_ID.ordinal()] = residentId(a, b);
        levels[Field.NAME.ordinal()] = name(a, b);
        levels[Field.BIRTH_DATE.ordinal()] = birthDate(a.birthDate(), b.birthDate());
        levels[Field.SEX.ordinal()] = equality(a.record().sex(), b.record().sex());
        levels[Field.PHONE.ordinal()] = equality(a.record().phone(), b.record().phone());
        levels[Field.DISTRICT.ordinal()] = equality(a.record().district(), b.record().district());
        return new Comparison(levels);
    }

    private static int equality(Object a, Object b) {
        if (a == null || b == null) {
            return -1;
        }
        return a.equals(b) ? 0 : 1;
    }

    private static int residentId(Profile a, Profile b) {
        if (a.idDigits == null || b.idDigits == null) {
            return -1;
        }
        if (a.idDigits.equals(b.idDigits)) {
            return 0;
        }
        return nearMiss(a.idDigits, b.idDigits) ? 1 : 2;
    }

    /** One digit different, or two adjacent digits swapped, within the seventeen that carry information. */
    static boolean nearMiss(String a, String b) {
        if (a.length() != 18 || b.length() != 18) {
            return false;
        }
        int first = -1;
        int differences = 0;
        for (int i = 0; i < 17; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                if (differences == 0) {
                    first = i;
                }
                differences++;
            }
        }
        if (differences <= 1) {
            // One digit, or none of the seventeen and only the check character: a typo either way.
            return true;
        }
        return differences == 2 && first + 1 < 17 && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
                && a.substring(first + 2, 17).equals(b.substring(first + 2, 17));
    }

    private static int name(Profile a, Profile b) {
        if (a.name == null || b.name == null) {
            return -1;
        }
        if (a.name.equals(b.name)) {
            return 0;
        }
        if (Names.soundAlike(a.name, b.name)) {
            return 1;
        }
        boolean sameFamily = a.family != null && b.family != null
                && (a.family.equals(b.family) || Names.soundAlike(a.family, b.family));
        if (a.phoneticName.equals(b.phoneticName) || droppedOne(a.name, b.name)
                || sameFamily && a.given != null && b.given != null && oneLetterApart(a.given, b.given)) {
            return 2;
        }
        return sameFamily ? 3 : 4;
    }

    /** Given names of the same length that do not sound alike: another name, not a typo of it (小明 and 小敏). */
    static boolean givenNamesSoundDifferent(Profile a, Profile b) {
        return a.given != null && b.given != null && a.given.length() == b.given.length() && !Names.soundAlike(a.given, b.given);
    }

    /**
     * One name is the other with one character more: a dropped character. A substituted character is not a typo
     * here: in a two- or three-character Chinese name it is another name (twins are often 欣怡 and 欣悦).
     */
    private static boolean droppedOne(String a, String b) {
        return Math.abs(a.length() - b.length()) == 1 && ONE_EDIT.apply(a, b) >= 0;
    }

    /** Given names whose readings differ by one letter (an input-method slip such as jing/jin, a tone-mark variant). */
    private static boolean oneLetterApart(String a, String b) {
        return ONE_EDIT.apply(Names.phoneticKey(a), Names.phoneticKey(b)) >= 0;
    }

    private static int birthDate(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return -1;
        }
        if (a.equals(b)) {
            return 0;
        }
        if (a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth() && a.getDayOfMonth() == b.getMonthValue()) {
            return 1;
        }
        int same = (a.getYear() == b.getYear() ? 1 : 0) + (a.getMonthValue() == b.getMonthValue() ? 1 : 0)
                + (a.getDayOfMonth() == b.getDayOfMonth() ? 1 : 0);
        return same == 2 ? 2 : 3;
    }
}
