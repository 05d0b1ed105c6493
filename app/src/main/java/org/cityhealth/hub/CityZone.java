package org.cityhealth.hub;

import java.time.ZoneId;

/**
 * The city's own clock. Dates without a time (a FHIR {@code 2025-01-10}, a vault filter, a restore range,
 * a dashboard day) mean that day in this zone, so that a date in the hub means what a clinician means.
 */
public final class CityZone {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private CityZone() {
    }

    /**
     * An API filter bound: a day ({@code yyyy-MM-dd}, its start in the city) or an ISO-8601 instant; null when blank.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static java.time.Instant startOf(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(ZONE).toInstant() : java.time.Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("dates are yyyy-MM-dd or an ISO-8601 instant: " + text);
        }
    }
}
