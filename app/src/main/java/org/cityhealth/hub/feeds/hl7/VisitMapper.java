package org.cityhealth.hub.feeds.hl7;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.StringJoiner;

/** ADT events → Patient and, from PV1, the Encounter whose status the event sets; A40 → a Patient that replaces another. */
final class VisitMapper {

    /** PV1-2 patient class → v3 ActCode encounter class. */
    private static final Map<String, String[]> CLASSES = Map.of(
            "I", new String[] {"IMP", "inpatient encounter"}, "O", new String[] {"AMB", "ambulatory"},
            "E", new String[] {"EMER", "emergency"}, "P", new String[] {"PRENC", "pre-admission"},
            "R", new String[] {"AMB", "ambulatory"}, "B", new String[] {"IMP", "inpatient encounter"});
    private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    private static final int PATIENT_CLASS = 2;
    private static final int LOCATION = 3;
    private static final int ATTENDING = 7;
    private static final int VISIT_NUMBER = 19;
    private static final int ADMIT = 44;
    private static final int DISCHARGE = 45;
    private static final int PRIOR_PATIENT_IDENTIFIERS = 1;

    private VisitMapper() {
    }

    static void adt(Conversion conversion) {
        Hl7Message message = conversion.message();
        switch (message.trigger()) {
            case "A01", "A02", "A03", "A04", "A08", "A11", "A13" -> {
                String patient = PatientMapper.patient(conversion, message.require("PID"));
                message.first("PV1").ifPresent(pv1 -> encounter(conversion, pv1, patient, message.trigger()));
            }
            case "A28", "A31" -> PatientMapper.patient(conversion, message.require("PID"));
            case "A40" -> merge(conversion);
            default -> throw Hl7Refusals.unsupportedEvent(message.type(), message.trigger());
        }
    }

    /**
     * A40: PID is the surviving patient, MRG-1 the one merged into it. The survivor is stored with a {@code replaces}
     * link, which ingest turns into a merge of the two persons in the person index within the same transaction.
     */
    private static void merge(Conversion conversion) {
        Hl7Message message = conversion.message();
        Hl7Segment mrg = message.require("MRG");
        String survivor = PatientMapper.patient(conversion, message.require("PID"));
        String replaced = Conversion.id(PatientMapper.sourcePatientNumber(mrg, PRIOR_PATIENT_IDENTIFIERS));
        if (replaced.equals(survivor)) {
            throw Hl7Refusals.error(ca.uhn.hl7v2.ErrorCode.DUPLICATE_KEY_IDENTIFIER, mrg.location(PRIOR_PATIENT_IDENTIFIERS),
                    "MRG-1 names the surviving patient itself");
        }
        ObjectNode link = conversion.resource("Patient", survivor).withArray("link").addObject();
        link.putObject("other").put("reference", "Patient/" + replaced);
        link.put("type", "replaces");
    }

    private static void encounter(Conversion conversion, Hl7Segment pv1, String patient, String trigger) {
        String visit = pv1.get(VISIT_NUMBER);
        String admitted = conversion.dateTime(pv1, ADMIT);
        if (visit == null && admitted == null) {
            return; // Nothing names the visit, so a later event of it could not find this Encounter: the Patient alone is kept.
        }
        ObjectNode encounter = conversion.put("Encounter", Conversion.id(visit != null ? visit : patient + "-" + pv1.get(ADMIT)));
        if (visit != null) {
            encounter.putArray("identifier").addObject().put("system", conversion.system("visit")).put("value", visit);
        }
        String discharged = conversion.dateTime(pv1, DISCHARGE);
        encounter.put("status", status(trigger, discharged != null));
        String patientClass = pv1.get(PATIENT_CLASS);
        String[] actCode = patientClass == null ? null : CLASSES.get(patientClass.toUpperCase());
        ObjectNode encounterClass = encounter.putObject("class");
        if (actCode != null) {
            encounterClass.put("system", ACT_CODE).put("code", actCode[0]).put("display", actCode[1]);
        } else {
            encounterClass.put("system", "http://terminology.hl7.org/CodeSystem/v2-0004").put("code", patientClass == null ? "U" : patientClass);
        }
        encounter.putObject("subject").put("reference", "Patient/" + patient);
        if (admitted != null || discharged != null) {
            ObjectNode period = encounter.putObject("period");
            Conversion.putIfPresent(period, "start", admitted);
            // A13 cancels the discharge: the visit is open again.
            Conversion.putIfPresent(period, "end", "A13".equals(trigger) ? null : discharged);
        }
        String attending = Conversion.personName(pv1, ATTENDING);
        if (attending != null) {
            ObjectNode participant = encounter.putArray("participant").addObject();
            participant.putArray("type").add(conversion.concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "ATND", "attender"));
            participant.set("individual", conversion.display(attending));
        }
        StringJoiner where = new StringJoiner(" ");
        for (int component : new int[] {4, 1, 2, 3}) { // facility, point of care, room, bed
            String part = pv1.get(LOCATION, 0, component, 1);
            if (part != null) {
                where.add(part);
            }
        }
        if (where.length() > 0) {
            encounter.putArray("location").addObject().set("location", conversion.display(where.toString()));
        }
    }

    /** The Encounter status an event leaves: A03 ends the visit, A11 cancels it, A13 reopens it; A08 tells by PV1-45. */
    private static String status(String trigger, boolean discharged) {
        return switch (trigger) {
            case "A03" -> "finished";
            case "A11" -> "cancelled";
            case "A08" -> discharged ? "finished" : "in-progress";
            default -> "in-progress";
        };
    }
}
