package org.cityhealth.hub.web;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cityhealth.hub.store.FhirDates;
import org.springframework.stereotype.Component;

/**
 * Formatting helpers for the templates ({@code ${@webFormats.bytes(size)}}): sizes, the city's local time,
 * abbreviated hashes, result flags' colours. Kept in one place so every page shows a number the same way.
 */
@Component("webFormats")
class WebFormats {

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(FhirDates.LOCAL_ZONE);
    private static final DateTimeFormatter DATE_MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(FhirDates.LOCAL_ZONE);

    /** Binary units with one decimal, as operators compare them with disk sizes: 1536 → "1.5 KB". */
    public String bytes(long size) {
        if (size < 1024) {
            return size + " B";
        }
        double value = size;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    /** How many times smaller the stored bytes are than the originals; "–" when nothing is stored yet. */
    public String ratio(long rawBytes, long storedBytes) {
        if (rawBytes <= 0 || storedBytes <= 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f×", (double) rawBytes / storedBytes);
    }

    public String dateTime(Instant instant) {
        return instant == null ? "" : DATE_TIME.format(instant);
    }

    public String minutes(Instant instant) {
        return instant == null ? "" : DATE_MINUTES.format(instant);
    }

    /** The first 12 hex digits: enough to tell submissions apart on screen; the full value goes in a title. */
    public String shortHash(String hash) {
        return hash == null || hash.length() <= 12 ? (hash == null ? "" : hash) : hash.substring(0, 12) + "…";
    }

    /** Badge colour of an interpretation flag (H, L: warn; HH, LL, AA: bad; N: ok), the same as on a person's timeline. */
    public String flag(String interpretationCode) {
        return ClinicalEntries.interpretationFlag(interpretationCode);
    }

    /** A yyyy-MM-dd filter value, or null when empty or not a date (a filter that cannot be read does not filter). */
    static java.time.LocalDate dateOrNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
