package org.cityhealth.hub.fhir;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Collects the ids of shared resources (not in any person's compartment) that stored bodies refer to.
 * Scans the stored bytes for {@code "reference":"Type/id"} rather than parsing them: stored bodies are the
 * hub's own canonical JSON, written by Jackson without spaces, so the pattern is exact and the scan costs
 * about a millisecond for a whole record.
 */
final class SharedReferences {

    /** Types that live outside patient compartments and that clinical records refer to. */
    private static final Set<String> SHARED = Set.of("Organization", "Practitioner", "PractitionerRole", "Location", "Medication",
            "Device", "HealthcareService", "Endpoint");
    private static final byte[] MARKER = "\"reference\":\"".getBytes(StandardCharsets.US_ASCII);

    private final Set<String> ids = new LinkedHashSet<>();

    void collect(byte[] body) {
        for (int at = indexOf(body, 0); at >= 0; at = indexOf(body, at)) {
            int end = at;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            String reference = new String(body, at, end - at, StandardCharsets.US_ASCII);
            int slash = reference.indexOf('/');
            if (slash > 0 && SHARED.contains(reference.substring(0, slash)) && reference.indexOf('/', slash + 1) < 0) {
                ids.add(reference.substring(slash + 1));
            }
            at = end;
        }
    }

    Set<String> ids() {
        return ids;
    }

    /** Position just after the next marker at or after {@code from}, or -1. */
    private static int indexOf(byte[] body, int from) {
        outer:
        for (int i = from; i <= body.length - MARKER.length; i++) {
            for (int j = 0; j < MARKER.length; j++) {
                if (body[i + j] != MARKER[j]) {
                    continue outer;
                }
            }
            return i + MARKER.length;
        }
        return -1;
    }
}
