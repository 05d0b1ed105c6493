package org.cityhealth.hub.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Names and contacts read from a Patient resource. */
final class PatientDetails {

    /** v2-0131 contact roles that are organisations, not people to call when the patient is brought in. */
    private static final Set<String> ADMINISTRATIVE_ROLES = Set.of("E", "F", "I", "S");
    /** v2-0131 "Emergency Contact". */
    private static final String EMERGENCY_ROLE = "C";

    private PatientDetails() {
    }

    /** The official name if there is one, else the usual one, else the first; null when there is none. */
    static String name(JsonNode patient) {
        JsonNode names = patient.path("name");
        for (String use : new String[] {"official", "usual"}) {
            for (JsonNode name : names) {
                if (use.equals(name.path("use").textValue())) {
                    String text = text(name);
                    if (text != null) {
                        return text;
                    }
                }
            }
        }
        for (JsonNode name : names) {
            String text = text(name);
            if (text != null) {
                return text;
            }
        }
        return null;
    }

    /**
     * The people to call, emergency contacts first. Everyone the source recorded counts except employers, insurers
     * and agencies: in an emergency a relative without a role code is still the person to phone.
     */
    static List<EmergencySummary.Contact> contacts(JsonNode patient) {
        List<EmergencySummary.Contact> emergency = new ArrayList<>();
        List<EmergencySummary.Contact> others = new ArrayList<>();
        for (JsonNode contact : patient.path("contact")) {
            List<String> roles = new ArrayList<>();
            List<String> relationships = new ArrayList<>();
            for (JsonNode relationship : contact.path("relationship")) {
                String role = FhirNodes.statusCode(relationship);
                if (role != null) {
                    roles.add(role);
                }
                String text = FhirNodes.text(relationship);
                if (text != null && !relationships.contains(text)) {
                    relationships.add(text);
                }
            }
            if (!roles.isEmpty() && ADMINISTRATIVE_ROLES.containsAll(roles)) {
                continue;
            }
            String name = text(contact.path("name"));
            String phone = phone(contact.path("telecom"));
            if (name == null && phone == null) {
                continue;
            }
            EmergencySummary.Contact found = new EmergencySummary.Contact(name,
                    relationships.isEmpty() ? null : String.join(", ", relationships), phone);
            (roles.contains(EMERGENCY_ROLE) ? emergency : others).add(found);
        }
        emergency.addAll(others);
        return emergency;
    }

    /**
     * A HumanName as people write it: its text, else family and given names. Chinese names are written family name
     * first without a space (张伟); others given names first, space-separated.
     */
    private static String text(JsonNode name) {
        String text = FhirNodes.string(name.path("text"));
        if (text != null) {
            return text;
        }
        String family = FhirNodes.string(name.path("family"));
        List<String> given = new ArrayList<>();
        for (JsonNode part : name.path("given")) {
            String value = FhirNodes.string(part);
            if (value != null) {
                given.add(value);
            }
        }
        if (family == null && given.isEmpty()) {
            return null;
        }
        if (chinese(family) || given.stream().anyMatch(PatientDetails::chinese)) {
            return (family == null ? "" : family) + String.join("", given);
        }
        List<String> parts = new ArrayList<>(given);
        if (family != null) {
            parts.add(family);
        }
        return String.join(" ", parts);
    }

    /** The first phone number, else the first telecom value of any kind. */
    private static String phone(JsonNode telecoms) {
        for (JsonNode telecom : telecoms) {
            String value = FhirNodes.string(telecom.path("value"));
            if (value != null && "phone".equals(telecom.path("system").textValue())) {
                return value;
            }
        }
        for (JsonNode telecom : telecoms) {
            String value = FhirNodes.string(telecom.path("value"));
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static boolean chinese(String text) {
        return text != null && text.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
    }
}
