package org.cityhealth.identity;

/** Administrative sex as sources record it; unknown is null, not a value. */
public enum Sex {
    MALE, FEMALE, OTHER;

    /** From FHIR administrative gender; null for {@code unknown}, blanks and anything else. */
    public static Sex ofFhir(String gender) {
        if (gender == null) {
            return null;
        }
        return switch (gender) {
            case "male" -> MALE;
            case "female" -> FEMALE;
            case "other" -> OTHER;
            default -> null;
        };
    }
}
