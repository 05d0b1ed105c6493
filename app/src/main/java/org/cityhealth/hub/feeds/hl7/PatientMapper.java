package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.cityhealth.hub.identity.ResidentIdentifiers;

/** PID → Patient, with the resident ID and the source's own ids as identifiers. */
final class PatientMapper {

    /** CX-5 identifier type codes (table 0203) by which senders mark a resident ID. */
    private static final Set<String> RESIDENT_ID_TYPES = Set.of("NNCHN", "NI", "ID", "CN");
    /** CX-4 assigning authorities that mark a resident ID. */
    private static final Set<String> RESIDENT_ID_AUTHORITIES = Set.of("2.16.156.10011.1.1", "CHN");
    /** CX-5 codes of the source's own patient numbers, preferred as the Patient's id. */
    private static final Set<String> SOURCE_NUMBER_TYPES = Set.of("MR", "PI", "PT", "PN");
    private static final Map<String, String> GENDERS = Map.of("M", "male", "F", "female", "O", "other", "A", "other", "U", "unknown", "N", "unknown");
    private static final int PATIENT_IDENTIFIERS = 3;
    private static final int NAME = 5;
    private static final int BIRTH = 7;
    private static final int SEX = 8;
    private static final int ADDRESS = 11;
    private static final int HOME_PHONE = 13;
    private static final int WORK_PHONE = 14;

    private PatientMapper() {
    }

    /** Adds the Patient of a PID and returns its id (the source's patient number). */
    static String patient(Conversion conversion, Hl7Segment pid) {
        String id = Conversion.id(sourcePatientNumber(pid, PATIENT_IDENTIFIERS));
        ObjectNode patient = conversion.put("Patient", id);
        ArrayNode identifiers = patient.putArray("identifier");
        for (int rep = 0; rep < pid.repetitions(PATIENT_IDENTIFIERS); rep++) {
            String value = pid.get(PATIENT_IDENTIFIERS, rep, 1, 1);
            if (value == null) {
                continue;
            }
            String type = pid.get(PATIENT_IDENTIFIERS, rep, 5, 1);
            ObjectNode identifier = identifiers.addObject();
            if (isResidentId(pid, PATIENT_IDENTIFIERS, rep)) {
                identifier.put("use", "official");
                identifier.put("system", ResidentIdentifiers.SYSTEM);
            } else {
                identifier.put("use", "usual");
                identifier.put("system", conversion.system(type == null || SOURCE_NUMBER_TYPES.contains(type) ? "mrn" : type.toLowerCase()));
            }
            if (type != null) {
                identifier.set("type", conversion.concept("http://terminology.hl7.org/CodeSystem/v2-0203", type, null));
            }
            identifier.put("value", value);
        }
        patient.put("active", true);
        name(patient, pid);
        String sex = pid.get(SEX);
        if (sex != null) {
            patient.put("gender", GENDERS.getOrDefault(sex.toUpperCase(), "unknown"));
        }
        String birth = conversion.date(pid, BIRTH);
        if (birth != null) {
            patient.put("birthDate", birth);
        }
        addresses(patient, pid);
        telecom(patient, pid, HOME_PHONE, "home");
        telecom(patient, pid, WORK_PHONE, "work");
        return id;
    }

    /**
     * The source's number for the patient in a CX list (PID-3, MRG-1): the first marked as a medical record or
     * patient number, else the first that is not a resident ID, else the first.
     */
    static String sourcePatientNumber(Hl7Segment segment, int field) {
        String other = null;
        String any = null;
        for (int rep = 0; rep < segment.repetitions(field); rep++) {
            String value = segment.get(field, rep, 1, 1);
            if (value == null) {
                continue;
            }
            String type = segment.get(field, rep, 5, 1);
            if (type != null && SOURCE_NUMBER_TYPES.contains(type.toUpperCase())) {
                return value;
            }
            any = any == null ? value : any;
            other = other == null && !isResidentId(segment, field, rep) ? value : other;
        }
        String number = other != null ? other : any;
        if (number == null) {
            throw Hl7Refusals.missing(segment.location(field), segment.name() + "-" + field + " (the patient identifier list)");
        }
        return number;
    }

    private static boolean isResidentId(Hl7Segment segment, int field, int rep) {
        String type = segment.get(field, rep, 5, 1);
        String namespace = segment.get(field, rep, 4, 1);
        String universal = segment.get(field, rep, 4, 2);
        return type != null && RESIDENT_ID_TYPES.contains(type.toUpperCase())
                || namespace != null && RESIDENT_ID_AUTHORITIES.contains(namespace) || universal != null && RESIDENT_ID_AUTHORITIES.contains(universal);
    }

    private static void name(ObjectNode patient, Hl7Segment pid) {
        ArrayNode names = patient.putArray("name");
        for (int rep = 0; rep < pid.repetitions(NAME); rep++) {
            String family = pid.get(NAME, rep, 1, 1);
            String given = pid.get(NAME, rep, 2, 1);
            if (family == null && given == null) {
                continue;
            }
            ObjectNode name = names.addObject();
            // XPN-7 "L" (legal) is the official name; an alias or other name type keeps its use.
            String type = pid.get(NAME, rep, 7, 1);
            name.put("use", type == null || "L".equals(type) ? "official" : "A".equals(type) ? "anonymous" : "usual");
            name.put("text", Names.text(family, given));
            if (family != null) {
                name.put("family", family);
            }
            if (given != null) {
                ArrayNode givens = name.putArray("given").add(given);
                String middle = pid.get(NAME, rep, 3, 1);
                if (middle != null) {
                    givens.add(middle);
                }
            }
        }
        if (names.isEmpty()) {
            patient.remove("name");
        }
    }

    private static void addresses(ObjectNode patient, Hl7Segment pid) {
        ArrayNode addresses = patient.putArray("address");
        for (int rep = 0; rep < pid.repetitions(ADDRESS); rep++) {
            ObjectNode address = addresses.addObject();
            String type = pid.get(ADDRESS, rep, 7, 1);
            address.put("use", "B".equals(type) || "O".equals(type) ? "work" : "home");
            Conversion.putIfPresent(address, "city", pid.get(ADDRESS, rep, 3, 1));
            Conversion.putIfPresent(address, "district", pid.get(ADDRESS, rep, 9, 1));
            Conversion.putIfPresent(address, "state", pid.get(ADDRESS, rep, 4, 1));
            Conversion.putIfPresent(address, "postalCode", pid.get(ADDRESS, rep, 5, 1));
            Conversion.putIfPresent(address, "country", pid.get(ADDRESS, rep, 6, 1));
            String street = pid.get(ADDRESS, rep, 1, 1);
            String other = pid.get(ADDRESS, rep, 2, 1);
            if (street != null || other != null) {
                ArrayNode lines = address.putArray("line");
                if (street != null) {
                    lines.add(street);
                }
                if (other != null) {
                    lines.add(other);
                }
            }
            if (address.size() == 1) {
                addresses.remove(addresses.size() - 1);
            }
        }
        if (addresses.isEmpty()) {
            patient.remove("address");
        }
    }

    private static void telecom(ObjectNode patient, Hl7Segment pid, int field, String use) {
        for (int rep = 0; rep < pid.repetitions(field); rep++) {
            String equipment = pid.get(field, rep, 3, 1);
            String email = pid.get(field, rep, 4, 1);
            String number = pid.get(field, rep, 12, 1) != null ? pid.get(field, rep, 12, 1) : pid.get(field, rep, 1, 1);
            ObjectNode telecom;
            if ("Internet".equalsIgnoreCase(equipment) || "X.400".equalsIgnoreCase(equipment) || number == null && email != null) {
                telecom = patient.withArray("telecom").addObject().put("system", "email").put("value", email != null ? email : number);
            } else if (number != null) {
                telecom = patient.withArray("telecom").addObject().put("system", "phone").put("value", number);
            } else {
                continue;
            }
            telecom.put("use", "CP".equalsIgnoreCase(equipment) ? "mobile" : use);
        }
    }
}
