package org.cityhealth.synthetic;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The resource types the generator writes, indexed for cheap counting. */
final class ResourceTypes {

    static final List<String> ALL = List.of("AllergyIntolerance", "Condition", "DiagnosticReport", "Encounter",
            "ImagingStudy", "Immunization", "MedicationRequest", "MedicationStatement", "Observation", "Organization",
            "Patient", "Practitioner", "Procedure");

    private ResourceTypes() {
    }

    static int index(String type) {
        int i = ALL.indexOf(type);
        if (i < 0) {
            throw new IllegalArgumentException("unknown resource type " + type);
        }
        return i;
    }

    static Map<String, Long> toMap(long[] counts) {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.put(ALL.get(i), counts[i]);
            }
        }
        return out;
    }
}
