package org.cityhealth.hub.feeds.hl7;

import java.util.Optional;

/**
 * The fields of a message's MSH segment, read before HAPI parses it: the character set (MSH-18) decides how
 * the bytes are decoded, and the sending facility (MSH-4) which source an MLLP message belongs to. Only
 * delimiters are looked at here; values go through HAPI's parser.
 */
record MshFields(char fieldSeparator, String encodingCharacters, String[] fields) {

    /** The MSH segment of {@code text}, or empty when it does not start with one with usable delimiters. */
    static Optional<MshFields> read(String text) {
        if (text.length() < 8 || !text.startsWith("MSH")) {
            return Optional.empty();
        }
        char separator = text.charAt(3);
        int end = text.indexOf('\r');
        String segment = end < 0 ? text : text.substring(0, end);
        String[] fields = segment.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        if (fields.length < 2 || !validEncodingCharacters(separator, fields[1])) {
            return Optional.empty();
        }
        return Optional.of(new MshFields(separator, fields[1], fields));
    }

    /**
     * The sending facility (MSH-4's namespace id) of a message whose MSH may be broken otherwise: enough to know
     * whose message it is, so that it is vaulted as that source's even when it is refused. Empty when unreadable.
     */
    static String sendingFacility(String text) {
        if (text.length() < 5 || !text.startsWith("MSH") || Character.isLetterOrDigit(text.charAt(3))) {
            return "";
        }
        int end = text.indexOf('\r');
        String[] fields = (end < 0 ? text : text.substring(0, end)).split(java.util.regex.Pattern.quote(String.valueOf(text.charAt(3))), -1);
        return fields.length > 3 ? fields[3].split("\\^", -1)[0].strip() : "";
    }

    /** Component, repetition, escape and subcomponent separators: four distinct non-alphanumeric characters. */
    static boolean validEncodingCharacters(char separator, String characters) {
        if (characters.length() != 4 || Character.isLetterOrDigit(separator) || Character.isWhitespace(separator)) {
            return false;
        }
        return characters.chars().allMatch(c -> !Character.isLetterOrDigit(c) && !Character.isWhitespace(c) && c != separator)
                && characters.chars().distinct().count() == 4;
    }

    /** MSH-{@code number}, or "" when absent. MSH-1 is the field separator itself, so MSH-n is at index n - 1. */
    String field(int number) {
        return number - 1 < fields.length ? fields[number - 1] : "";
    }

    /** The first component of MSH-{@code number} (the namespace id of an HD, the message code of MSG). */
    String firstComponent(int number) {
        return component(number, 1);
    }

    String component(int number, int component) {
        String[] components = field(number).split(java.util.regex.Pattern.quote(String.valueOf(encodingCharacters.charAt(0))), -1);
        return component - 1 < components.length ? components[component - 1] : "";
    }
}
