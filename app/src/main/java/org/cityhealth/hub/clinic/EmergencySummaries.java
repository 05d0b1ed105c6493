package org.cityhealth.hub.clinic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.clinic.EmergencySummary.Item;
import org.cityhealth.hub.clinic.EmergencySummary.Item.Kind;
import org.cityhealth.hub.store.StoredResource;

/**
 * Makes the break-the-glass emergency summary of one person from the resources the hub holds about them, from all
 * their sources. Reads bodies as plain JSON trees and skips what it cannot read: a damaged or odd resource must never
 * keep the rest of the summary from a doctor. Which codes are red is in {@link EmergencyCodes}.
 *
 * <p>Thread-safe.
 */
public final class EmergencySummaries {

    /** Medication statuses that mean the person takes the drug now (MedicationStatement and MedicationRequest). */
    static final Set<String> CURRENT_MEDICATION = Set.of("active", "intended", "on-hold");
    /** Condition clinical statuses that mean the person has the condition now. */
    static final Set<String> ACTIVE_CONDITION = Set.of("active", "recurrence", "relapse");
    /** Verification statuses that say a condition or allergy is not there. */
    static final Set<String> NOT_THERE = Set.of("refuted", "entered-in-error");
    /** Procedure statuses that say it was not (yet) performed. */
    static final Set<String> NOT_PERFORMED = Set.of("not-done", "entered-in-error", "preparation");
    /** How far back a surgery counts as recent: wounds, anticoagulation pauses and implants of the last year. */
    static final int RECENT_SURGERY_MONTHS = 12;

    /** The other resource types the summary reads; encounters, reports and the like are not parsed. */
    private static final Set<String> READ = Set.of("AllergyIntolerance", "Condition", "Procedure", "Device", "Patient");

    /** Red before amber, and within a colour the newest first: what a doctor scans top-down. */
    private static final Comparator<Item> ORDER = Comparator.comparing(Item::kind)
            .thenComparing(Item::date, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Item::text);

    private final Clock clock;

    public EmergencySummaries(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * The person's emergency summary.
     *
     * @param resources the current version of each of one person's resources; deleted and unreadable ones are skipped
     */
    public EmergencySummary summarise(List<StoredResource> resources) {
        requireNonNull(resources, "resources is null");
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        Items items = new Items();
        BloodGroups bloodGroups = new BloodGroups();
        List<Parsed> patients = new ArrayList<>();
        for (StoredResource resource : resources) {
            if (!worthParsing(resource)) {
                continue;
            }
            JsonNode body = FhirNodes.parse(resource);
            if (body == null) {
                continue;
            }
            switch (resource.type()) {
                case "MedicationStatement", "MedicationRequest" -> medication(resource, body, items);
                case "AllergyIntolerance" -> allergy(resource, body, items);
                case "Condition" -> condition(resource, body, items);
                case "Procedure" -> procedure(resource, body, today, items);
                case "Device" -> device(resource, body, items);
                case "Observation" -> bloodGroups.offer(resource, body);
                case "Patient" -> patients.add(new Parsed(resource, body));
                default -> throw new IllegalStateException("unexpected type " + resource.type());
            }
        }
        List<Item> red = items.sorted(true);
        List<Item> amber = items.sorted(false);
        EmergencySummary.Light light = !red.isEmpty() ? EmergencySummary.Light.RED
                : !amber.isEmpty() ? EmergencySummary.Light.AMBER : EmergencySummary.Light.GREEN;

        patients.sort(Comparator.comparing((Parsed p) -> p.resource().lastUpdated()).reversed());
        List<EmergencySummary.Contact> contacts = new ArrayList<>();
        for (Parsed patient : patients) {
            for (EmergencySummary.Contact contact : PatientDetails.contacts(patient.body())) {
                if (contacts.stream().noneMatch(known -> sameContact(known, contact))) {
                    contacts.add(contact);
                }
            }
        }
        JsonNode newest = patients.isEmpty() ? null : patients.getFirst().body();
        return new EmergencySummary(light, red, amber, bloodGroups.text(), contacts,
                newest == null ? null : PatientDetails.name(newest),
                newest == null ? null : FhirNodes.string(newest.path("gender")),
                newest == null ? null : FhirNodes.date(newest.path("birthDate")), now);
    }

    private static boolean worthParsing(StoredResource resource) {
        if (resource.deleted() || resource.body() == null) {
            return false;
        }
        return switch (resource.type()) {
            // Most of a long record's prescriptions are completed refills; a body without a current status word is one.
            case "MedicationStatement", "MedicationRequest" -> FhirNodes.mentions(resource.body(), CURRENT_MEDICATION);
            case "Observation" -> BloodGroups.mayBeTyping(resource);
            default -> READ.contains(resource.type());
        };
    }

    private static void medication(StoredResource resource, JsonNode body, Items items) {
        if (!in(CURRENT_MEDICATION, body.path("status").textValue())) {
            return;
        }
        JsonNode concept = body.path("medicationCodeableConcept");
        String referenceName = FhirNodes.string(body.path("medicationReference").path("display"));
        String text = FhirNodes.text(concept);
        if (text == null) {
            text = referenceName;
        }
        if (text == null) {
            return;
        }
        Kind kind = EmergencyCodes.highRiskDrug(concept, referenceName) ? Kind.HIGH_RISK_DRUG : Kind.MEDICATION;
        LocalDate date = FhirNodes.firstDate(body.path("authoredOn"), body.path("effectiveDateTime"),
                body.path("effectivePeriod").path("start"), body.path("dateAsserted"));
        items.add(resource, kind, text, FhirNodes.preferredCoding(concept, EmergencyCodes.ATC), date);
    }

    private static void allergy(StoredResource resource, JsonNode body, Items items) {
        String clinical = FhirNodes.statusCode(body.path("clinicalStatus"));
        JsonNode concept = body.path("code");
        String substance = FhirNodes.text(concept);
        if ((clinical != null && !clinical.equals("active"))
                || in(NOT_THERE, FhirNodes.statusCode(body.path("verificationStatus")))
                || substance == null || EmergencyCodes.noKnownAllergy(concept)) {
            return;
        }
        // What the reaction was decides how careful to be: a rash or anaphylactic shock.
        Set<String> reactions = new LinkedHashSet<>();
        for (JsonNode reaction : body.path("reaction")) {
            for (JsonNode manifestation : reaction.path("manifestation")) {
                String text = FhirNodes.text(manifestation);
                if (text != null) {
                    reactions.add(text);
                }
            }
        }
        String text = reactions.isEmpty() ? substance : substance + " (" + String.join(", ", reactions) + ")";
        LocalDate date = FhirNodes.firstDate(body.path("onsetDateTime"), body.path("recordedDate"));
        items.add(resource, Kind.ALLERGY, text, FhirNodes.preferredCoding(concept), date);
    }

    private static void condition(StoredResource resource, JsonNode body, Items items) {
        JsonNode concept = body.path("code");
        String text = FhirNodes.text(concept);
        if (!in(ACTIVE_CONDITION, FhirNodes.statusCode(body.path("clinicalStatus")))
                || in(NOT_THERE, FhirNodes.statusCode(body.path("verificationStatus")))
                || text == null || EmergencyCodes.examinationOnly(concept)) {
            return;
        }
        Kind kind = EmergencyCodes.implantCondition(concept) ? Kind.DEVICE
                : EmergencyCodes.criticalCondition(concept) ? Kind.CRITICAL_CONDITION : Kind.CHRONIC_CONDITION;
        LocalDate date = FhirNodes.firstDate(body.path("onsetDateTime"), body.path("onsetPeriod").path("start"),
                body.path("recordedDate"));
        items.add(resource, kind, text,
                FhirNodes.preferredCoding(concept, EmergencyCodes.ICD10, EmergencyCodes.SNOMED), date);
    }

    private static void procedure(StoredResource resource, JsonNode body, LocalDate today, Items items) {
        JsonNode concept = body.path("code");
        String text = FhirNodes.text(concept);
        if (in(NOT_PERFORMED, body.path("status").textValue()) || text == null) {
            return;
        }
        LocalDate date = FhirNodes.firstDate(body.path("performedDateTime"),
                body.path("performedPeriod").path("start"), body.path("performedPeriod").path("end"));
        JsonNode coding = FhirNodes.preferredCoding(concept, EmergencyCodes.ICD9CM);
        // An implant stays red however old; the operation itself only matters while it is recent.
        if (EmergencyCodes.implantProcedure(concept)) {
            items.add(resource, Kind.DEVICE, text, coding, date);
        } else if (date != null && !date.isBefore(today.minusMonths(RECENT_SURGERY_MONTHS))) {
            items.add(resource, Kind.RECENT_SURGERY, text, coding, date);
        }
    }

    private static void device(StoredResource resource, JsonNode body, Items items) {
        String status = body.path("status").textValue();
        if (status != null && !status.equals("active")) {
            return;
        }
        JsonNode type = body.path("type");
        String text = FhirNodes.text(type);
        if (text == null) {
            text = FhirNodes.string(body.path("deviceName").path(0).path("name"));
        }
        if (text == null) {
            return;
        }
        items.add(resource, Kind.DEVICE, text, FhirNodes.preferredCoding(type), null);
    }

    /** Whether the set holds the value; a missing value is in no set (immutable sets refuse to look up null). */
    private static boolean in(Set<String> set, String value) {
        return value != null && set.contains(value);
    }

    /** The same person recorded by two hospitals: same phone, or same name where a phone is missing. */
    private static boolean sameContact(EmergencySummary.Contact a, EmergencySummary.Contact b) {
        String phoneA = digits(a.phone());
        String phoneB = digits(b.phone());
        if (phoneA != null && phoneB != null) {
            return phoneA.equals(phoneB) && (a.name() == null || b.name() == null || a.name().equals(b.name()));
        }
        return a.name() != null && a.name().equals(b.name());
    }

    private static String digits(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        return digits.isEmpty() ? null : digits;
    }

    private record Parsed(StoredResource resource, JsonNode body) {
    }

    /**
     * The items found so far, one per kind and code: the same drug from a clinic and a hospital, or the same diagnosis
     * on three problem lists, is one line, the newest.
     */
    private static final class Items {

        private record Found(Item item, Instant lastUpdated) {
            boolean newerThan(Found other) {
                LocalDate date = item.date();
                LocalDate otherDate = other.item.date();
                if (date != null && otherDate != null && !date.equals(otherDate)) {
                    return date.isAfter(otherDate);
                }
                if (date == null ^ otherDate == null) {
                    return date != null;
                }
                return lastUpdated.isAfter(other.lastUpdated);
            }
        }

        private final Map<String, Found> byKey = new HashMap<>();

        void add(StoredResource resource, Kind kind, String text, JsonNode coding, LocalDate date) {
            String code = FhirNodes.string(coding.path("code"));
            String system = code == null ? null : FhirNodes.string(coding.path("system"));
            Item item = new Item(kind, text, code, system, date, resource.sourceId(), FhirNodes.reference(resource));
            String key = code == null ? kind + "|text|" + text : kind + "|" + system + "|" + code;
            byKey.merge(key, new Found(item, resource.lastUpdated()), (old, found) -> found.newerThan(old) ? found : old);
        }

        List<Item> sorted(boolean red) {
            return byKey.values().stream().map(Found::item).filter(item -> item.kind().red() == red).sorted(ORDER)
                    .toList();
        }
    }
}
