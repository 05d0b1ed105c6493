package org.cityhealth.hub.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds of data a citizen can open in a consent, as they would name them, and the FHIR resource types each one
 * stands for. A consent stores the types; the portal shows them back as these categories.
 */
enum DataCategory {
    DIAGNOSES("Condition"),
    MEDICATIONS("MedicationRequest", "MedicationStatement", "MedicationDispense"),
    ALLERGIES("AllergyIntolerance"),
    TESTS("Observation", "DiagnosticReport"),
    IMAGING("ImagingStudy"),
    PROCEDURES("Procedure"),
    VISITS("Encounter"),
    IMMUNIZATIONS("Immunization"),
    DOCUMENTS("DocumentReference");

    private final Set<String> types;

    DataCategory(String... types) {
        this.types = Set.of(types);
    }

    Set<String> types() {
        return types;
    }

    /** Message key of the category's name (public for the templates). */
    public String key() {
        return "portal.data." + name();
    }

    /** A consent's types as category names; a type no category covers whole is named by itself. Empty types: all data. */
    static List<String> describe(Set<String> types, Labels labels) {
        if (types.isEmpty()) {
            return List.of(labels.get("portal.data.ALL", "all"));
        }
        List<String> names = new ArrayList<>();
        Set<String> left = new TreeSet<>(types);
        for (DataCategory category : values()) {
            if (types.containsAll(category.types)) {
                names.add(labels.get(category.key(), category.name()));
                left.removeAll(category.types);
            }
        }
        left.forEach(type -> names.add(labels.resourceType(type)));
        return names;
    }
}
