package org.cityhealth.hub.feeds.exam;

import java.util.regex.Pattern;

/** LOINC codes: digits, a hyphen and a Mod 10 check digit, which catches most mistyped codes in a mapping. */
final class Loinc {

    static final String SYSTEM = "http://loinc.org";
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,7})-(\\d)");

    private Loinc() {
    }

    /** Why {@code code} is not a LOINC code, or null when it is one. */
    static String problemWith(String code) {
        var matcher = SHAPE.matcher(code == null ? "" : code);
        if (!matcher.matches()) {
            return "'" + code + "' is not a LOINC code (digits, a hyphen and a check digit, e.g. 718-7)";
        }
        int expected = checkDigit(matcher.group(1));
        if (expected != matcher.group(2).charAt(0) - '0') {
            return "'" + code + "' is not a LOINC code: its check digit should be " + expected;
        }
        return null;
    }

    /** The LOINC Mod 10 check digit: from the right, every other digit starting with the last is doubled, then Luhn. */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                digit *= 2;
                digit = digit / 10 + digit % 10;
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }
}
