package org.cityhealth.hub.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.Period;
import org.cityhealth.hub.identity.ResidentIdentifiers;
import org.cityhealth.identity.ResidentId;

/**
 * Who the person is, read from the newest Patient resource any source sent. The resident ID is only ever
 * kept masked: the page must not become a way to read full identity numbers.
 *
 * @param gender         FHIR administrative gender code (male, female, other, unknown) or null
 * @param residentMasked e.g. 1101**********002X, or null when no source sent a valid resident ID
 */
record Demographics(String name, String gender, LocalDate birthDate, Integer age, String residentMasked, boolean deceased) {

    /** The identifier systems that mark a resident ID, as the ingest module recognises them. */

    static final Demographics UNKNOWN = new Demographics(null, null, null, null, null, false);

    static Demographics of(JsonNode patient, LocalDate today) {
        LocalDate birthDate = null;
        FhirText.When birth = FhirText.when(FhirText.text(patient.path("birthDate")));
        if (birth != null) {
            birthDate = birth.date();
        }
        boolean deceased = patient.path("deceasedBoolean").asBoolean(false) || patient.has("deceasedDateTime");
        Integer age = birthDate == null || birthDate.isAfter(today) ? null : Period.between(birthDate, today).getYears();
        return new Demographics(name(patient), FhirText.text(patient.path("gender")), birthDate, age, residentId(patient), deceased);
    }

    /** The official name if marked, else the first: its text, else family and given names joined as Chinese names are written. */
    static String name(JsonNode patient) {
        JsonNode chosen = null;
        for (JsonNode name : patient.path("name")) {
            if (chosen == null || "official".equals(FhirText.text(name.path("use")))) {
                chosen = name;
            }
        }
        if (chosen == null) {
            return null;
        }
        String text = FhirText.text(chosen.path("text"));
        if (text != null) {
            return text;
        }
        StringBuilder given = new StringBuilder();
        for (JsonNode part : chosen.path("given")) {
            String value = FhirText.text(part);
            if (value != null) {
                given.append(given.isEmpty() ? "" : " ").append(value);
            }
        }
        String family = FhirText.text(chosen.path("family"));
        if (family == null) {
            return given.isEmpty() ? null : given.toString();
        }
        boolean latin = (family + given).chars().allMatch(c -> c < 0x2E80);
        return latin ? (given.isEmpty() ? family : given + " " + family) : family + given;
    }

    private static String residentId(JsonNode patient) {
        return ResidentIdentifiers.find(patient).flatMap(marked -> ResidentId.parse(marked.value())).map(ResidentId::masked).orElse(null);
    }
}
