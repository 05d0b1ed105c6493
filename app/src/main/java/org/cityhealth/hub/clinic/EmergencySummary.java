package org.cityhealth.hub.clinic;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What an emergency doctor must know about a person at once, from everything the hub holds about them.
 *
 * @param light       RED if any red item, else AMBER if any amber item, else GREEN
 * @param red         allergies, high-risk drugs, implanted devices and critical conditions: what changes emergency care
 * @param amber       other active conditions, other current medications and surgeries of the last twelve months
 * @param bloodType   the ABO and Rh group as the laboratory wrote it (e.g. "A型 Rh阳性"), or null when never typed
 * @param contacts    people to call, emergency contacts first, without duplicates across the person's sources
 * @param patientName from the newest Patient record, or null when the hub holds none
 * @param gender      FHIR administrative gender from the newest Patient record, or null
 * @param birthDate   from the newest Patient record, or null when unknown or only partly known
 * @param generatedAt when the summary was made
 */
public record EmergencySummary(Light light, List<Item> red, List<Item> amber, String bloodType, List<Contact> contacts,
                               String patientName, String gender, LocalDate birthDate, Instant generatedAt) {

    public EmergencySummary {
        requireNonNull(light, "light is null");
        red = List.copyOf(red);
        amber = List.copyOf(amber);
        contacts = List.copyOf(contacts);
        requireNonNull(generatedAt, "generatedAt is null");
    }

    public enum Light { RED, AMBER, GREEN }

    /**
     * One fact of the summary and the stored resource it comes from.
     *
     * @param text      what to show: the concept's text, else its first coding's display, else its code
     * @param code      the code the item was recognised by (ATC, ICD-10, SNOMED CT …), or null
     * @param system    the code's system, or null
     * @param date      onset, start, performance or authoring date, or null
     * @param sourceId  the source that sent the resource
     * @param reference the resource, as {@code Type/id}
     */
    public record Item(Kind kind, String text, String code, String system, LocalDate date, long sourceId,
                       String reference) {

        public Item {
            requireNonNull(kind, "kind is null");
            requireNonNull(text, "text is null");
            requireNonNull(reference, "reference is null");
        }

        /** The first four are red, the last three amber. */
        public enum Kind {
            ALLERGY, HIGH_RISK_DRUG, DEVICE, CRITICAL_CONDITION, CHRONIC_CONDITION, MEDICATION, RECENT_SURGERY;

            public boolean red() {
                return ordinal() <= CRITICAL_CONDITION.ordinal();
            }
        }
    }

    /** Someone to call; any part may be null when the source did not record it. */
    public record Contact(String name, String relationship, String phone) {
    }
}
