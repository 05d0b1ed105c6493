package org.cityhealth.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * An 18-digit citizen identity number of the People's Republic of China (居民身份证号码, GB 11643-1999):
 * six digits of administrative region, eight of birth date, three of sequence (odd for men) and an
 * ISO 7064 MOD 11-2 check character ({@code 0-9} or {@code X}).
 *
 * <p>Instances only exist for numbers whose check character, region shape and birth date are valid, so
 * holding a {@code ResidentId} is proof of a well-formed number. {@link #parse} upgrades 15-digit numbers
 * issued before 1999 (two-digit year, no check character) to their 18-digit form, as the standard says.
 */
public record ResidentId(String value) {

    /** ISO 7064 MOD 11-2 weights of the first seventeen digits, most significant first. */
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    /** Check character for each remainder of the weighted sum modulo 11. */
    private static final String CHECK_CHARACTERS = "10X98765432";
    /** Earliest birth date accepted: older dates are data-entry errors, not residents. */
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);

    public ResidentId {
        Objects.requireNonNull(value, "value is null");
        String problem = problemWith(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Reads a resident ID as people type it: surrounding blanks ignored, lower-case {@code x} accepted,
     * 15-digit legacy numbers upgraded. Returns empty for anything that is not a valid number.
     */
    public static Optional<ResidentId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String candidate = text.strip().toUpperCase();
        if (candidate.length() == 15 && allDigits(candidate, 15)) {
            candidate = upgradeLegacy(candidate);
        }
        return problemWith(candidate) == null ? Optional.of(new ResidentId(candidate)) : Optional.empty();
    }

    /** Says why {@code text} is not a valid 18-digit number, or returns null when it is. */
    public static String problemWith(String text) {
        if (text == null || text.length() != 18) {
            return "a resident ID has 18 characters";
        }
        if (!allDigits(text, 17)) {
            return "the first 17 characters of a resident ID are digits";
        }
        char expected = checkCharacter(text.substring(0, 17));
        if (text.charAt(17) != expected) {
            return "resident ID check character is " + text.charAt(17) + ", expected " + expected;
        }
        if (text.charAt(0) == '0') {
            return "resident ID region code cannot start with 0";
        }
        LocalDate birth = birthDateOf(text);
        if (birth == null || birth.isBefore(EARLIEST_BIRTH)) {
            return "resident ID carries an impossible birth date";
        }
        return null;
    }

    /** Builds the 18-digit number for a region, birth date and sequence (0–999), computing its check character. */
    public static ResidentId of(String regionCode, LocalDate birthDate, int sequence) {
        Objects.requireNonNull(regionCode, "regionCode is null");
        Objects.requireNonNull(birthDate, "birthDate is null");
        if (regionCode.length() != 6 || !allDigits(regionCode, 6)) {
            throw new IllegalArgumentException("region code has six digits: " + regionCode);
        }
        if (sequence < 0 || sequence > 999) {
            throw new IllegalArgumentException("sequence is between 0 and 999: " + sequence);
        }
        String body = regionCode + String.format("%04d%02d%02d%03d",
                birthDate.getYear(), birthDate.getMonthValue(), birthDate.getDayOfMonth(), sequence);
        return new ResidentId(body + checkCharacter(body));
    }

    /** The ISO 7064 MOD 11-2 check character of seventeen digits. */
    public static char checkCharacter(String seventeenDigits) {
        if (seventeenDigits.length() != 17 || !allDigits(seventeenDigits, 17)) {
            throw new IllegalArgumentException("check character needs 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (seventeenDigits.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    public String regionCode() {
        return value.substring(0, 6);
    }

    public LocalDate birthDate() {
        return birthDateOf(value);
    }

    /** Administrative sex from the sequence: odd is male, even is female (GB 11643). */
    public boolean male() {
        return (value.charAt(16) - '0') % 2 == 1;
    }

    /** The number with the birth date and sequence hidden, safe for logs and screens: {@code 110105********123X → 1101**********123X}. */
    public String masked() {
        return value.substring(0, 4) + "*".repeat(10) + value.substring(14);
    }

    @Override
    public String toString() {
        return masked();
    }

    private static String upgradeLegacy(String fifteen) {
        // Legacy numbers were issued to people born in the 1900s; the standard inserts "19" before the year.
        String body = fifteen.substring(0, 6) + "19" + fifteen.substring(6);
        return body + checkCharacter(body);
    }

    private static LocalDate birthDateOf(String text) {
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(text.substring(6, 10)),
                    Integer.parseInt(text.substring(10, 12)), Integer.parseInt(text.substring(12, 14)));
            return date.isAfter(LocalDate.now().plusDays(1)) ? null : date;
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static boolean allDigits(String text, int count) {
        for (int i = 0; i < count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
