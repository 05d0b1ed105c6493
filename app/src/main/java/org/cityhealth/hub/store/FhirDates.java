package org.cityhealth.hub.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * FHIR date, dateTime and instant values as half-open instant ranges [low, high): {@code 2020} covers the
 * whole year, {@code 2020-05-01T10:00:00+08:00} one second. Values without a time zone are read in
 * {@link #LOCAL_ZONE}: the city's own clock, so that a date-only search matches what a clinician means.
 */
public final class FhirDates {

    public static final ZoneId LOCAL_ZONE = org.cityhealth.hub.CityZone.ZONE;

    /** FHIR's dateTime regular expression (R4 datatypes), anchored. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
                    + "(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|([+-])((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)?)?)?");

    public record Range(Instant low, Instant high) {
    }

    private FhirDates() {
    }

    /** The range a FHIR date/dateTime/instant value covers; throws {@link IllegalArgumentException} when it is not one. */
    public static Range range(String value) {
        if (value == null || !DATE_TIME.matcher(value).matches()) {
            throw new IllegalArgumentException("not a FHIR date or dateTime: " + value);
        }
        try {
            switch (value.length()) {
                case 4 -> {
                    LocalDate start = LocalDate.of(Integer.parseInt(value), 1, 1);
                    return new Range(at(start), at(start.plusYears(1)));
                }
                case 7 -> {
                    YearMonth month = YearMonth.parse(value);
                    return new Range(at(month.atDay(1)), at(month.plusMonths(1).atDay(1)));
                }
                case 10 -> {
                    LocalDate day = LocalDate.parse(value);
                    return new Range(at(day), at(day.plusDays(1)));
                }
                default -> {
                    Instant instant = value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")
                            ? OffsetDateTime.parse(value).toInstant()
                            : LocalDateTime.parse(value).atZone(LOCAL_ZONE).toInstant();
                    boolean fraction = value.contains(".");
                    return new Range(instant, instant.plus(1, fraction ? ChronoUnit.MILLIS : ChronoUnit.SECONDS));
                }
            }
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a valid date: " + value);
        }
    }

    private static Instant at(LocalDate date) {
        return date.atStartOfDay(LOCAL_ZONE).toInstant();
    }
}
