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
}
