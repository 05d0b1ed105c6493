package org.cityhealth.hub;

/**
 * Escapes text for a JSON string literal. For the few places that write JSON by hand because they must
 * not build a tree: bundles assembled from stored bytes, and error bodies written inside the security filters.
 */
public final class JsonStrings {

    private JsonStrings() {
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
