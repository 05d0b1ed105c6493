package org.cityhealth.hub.source;

import java.util.regex.Pattern;

/** What an operator supplies to register a source; {@link #problem()} says what is wrong with it, if anything. */
public record NewSource(String code, String name, String level, String district, String kind) {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final java.util.Set<String> KINDS = java.util.Set.of("HOSPITAL", "CLINIC", "EXAM_CENTER", "PACS", "OTHER");

    public NewSource {
        kind = kind == null || kind.isBlank() ? "HOSPITAL" : kind.strip().toUpperCase();
    }

    public String problem() {
        if (code == null || !CODE.matcher(code).matches()) {
            return "code must be 1-64 letters, digits, '-' or '_' and start with a letter or digit";
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            return "name is required (at most 200 characters)";
        }
        if (!KINDS.contains(kind)) {
            return "kind must be one of " + KINDS;
        }
        return null;
    }
}
