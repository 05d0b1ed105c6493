package org.cityhealth.hub.feeds.hl7;

/** How a name is written out: Chinese family name then given name without a space, other names given name first. */
final class Names {

    private Names() {
    }

    static String text(String family, String given) {
        if (family == null) {
            return given;
        }
        if (given == null) {
            return family;
        }
        return isHan(family) || isHan(given) ? family + given : given + " " + family;
    }

    private static boolean isHan(String text) {
        return text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
