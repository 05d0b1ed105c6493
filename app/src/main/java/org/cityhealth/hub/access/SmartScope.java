package org.cityhealth.hub.access;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SMART on FHIR clinical scope, v1 ({@code patient/Observation.read}, {@code user/*.*}) or v2
 * ({@code patient/Observation.rs}). Written here because the SMART grammar is tiny and no maintained Java library
 * parses it.
 */
record SmartScope(Context context, String resourceType, boolean read, boolean write) {

    enum Context { PATIENT, USER, SYSTEM }

    private static final Pattern GRAMMAR = Pattern.compile("(patient|user|system)/([A-Za-z]+|\\*)\\.(read|write|\\*|c?r?u?d?s?)(\\?.*)?");

    static Optional<SmartScope> parse(String scope) {
        Matcher matcher = GRAMMAR.matcher(scope);
        if (!matcher.matches() || matcher.group(3).isEmpty()) {
            return Optional.empty();
        }
        String permissions = matcher.group(3);
        // v1 words first: "read" holds a 'd' and "write" an 'r', which are v2 letters of other rights.
        boolean v1 = permissions.equals("read") || permissions.equals("write") || permissions.equals("*");
        boolean read = v1 ? !permissions.equals("write") : permissions.contains("r") || permissions.contains("s");
        boolean write = v1 ? !permissions.equals("read")
                : permissions.contains("c") || permissions.contains("u") || permissions.contains("d");
        return Optional.of(new SmartScope(Context.valueOf(matcher.group(1).toUpperCase(java.util.Locale.ROOT)), matcher.group(2), read, write));
    }

    boolean allowsRead(String type) {
        return read && (resourceType.equals("*") || resourceType.equals(type));
    }
}
