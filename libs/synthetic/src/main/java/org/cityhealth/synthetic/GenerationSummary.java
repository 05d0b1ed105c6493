package org.cityhealth.synthetic;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a write produced.
 *
 * @param residents       residents generated
 * @param resources       resources written (bundle entries or NDJSON lines), Organization and Practitioner included
 * @param bundles         bundle files written (0 for NDJSON)
 * @param resourcesByType resources per FHIR type, sorted by type name
 */
public record GenerationSummary(int residents, long resources, long bundles, Map<String, Long> resourcesByType) {

    public GenerationSummary {
        resourcesByType = Collections.unmodifiableMap(new TreeMap<>(resourcesByType));
    }
}
