package org.cityhealth.hub.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The codes that make an item red: what an emergency doctor must know before treating. Each table entry carries the
 * reason it is there, so that clinicians can review the lists without reading code. ICD-10, ICD-9-CM-3 and ATC entries
 * are prefixes compared without dots ({@code I25.2} matches {@code I25.2}, {@code I252} and {@code I25.20}); SNOMED CT
 * entries are exact, since matching descendants would need a terminology server.
 */
final class EmergencyCodes {

    /** ICD-10 and its national modifications ({@code icd-10-cm}, {@code icd-10-cn}) share this prefix. */
    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    /** Volume 3 of ICD-9-CM: the procedure codes of Chinese inpatient front pages. */
    static final String ICD9CM = "http://hl7.org/fhir/sid/icd-9-cm";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ATC = "http://www.whocc.no/atc";

    /** A code (or code prefix) and why it is on the list. */
    record Entry(String code, String why) {
    }

    /** Active conditions that change emergency care. */
    static final List<Entry> CRITICAL_CONDITIONS_ICD10 = List.of(
            new Entry("I50", "heart failure: fluids and cardiodepressant drugs are dangerous"),
            new Entry("I48", "atrial fibrillation or flutter: usually anticoagulated, rate control"),
            new Entry("I21", "acute myocardial infarction: antiplatelets, no thrombolysis without cardiology"),
            new Entry("I22", "subsequent myocardial infarction: as I21"),
            new Entry("I25.2", "old myocardial infarction: ischaemic heart, arrhythmia risk"),
            new Entry("G40", "epilepsy: seizures, drugs that lower the seizure threshold"),
            new Entry("G41", "status epilepticus"),
            new Entry("D66", "haemophilia A: bleeding, factor replacement before any procedure"),
            new Entry("D67", "haemophilia B: as D66"),
            new Entry("D68", "other coagulation defects: bleeding"),
            new Entry("E10", "type 1 diabetes: ketoacidosis and hypoglycaemia, never stop insulin"),
            new Entry("N18.5", "chronic kidney disease stage 5: drug doses, contrast media, potassium"),
            new Entry("Z99.2", "dependence on renal dialysis: as N18.5, protect the fistula arm"),
            new Entry("E27", "adrenal insufficiency: stress-dose steroids, adrenal crisis"),
            new Entry("G70", "myasthenia gravis: muscle relaxants and many antibiotics worsen it"),
            new Entry("Z94", "transplanted organ: immunosuppressed, drug interactions"),
            new Entry("O", "pregnancy and its complications (O00-O9A): imaging and drug choice, two patients"),
            new Entry("Z33", "pregnant state"),
            new Entry("Z34", "supervision of normal pregnancy: how hospitals code an ongoing pregnancy"),
            new Entry("Z35", "supervision of high-risk pregnancy"));

    /** SNOMED CT concepts of the same conditions, for sources that code problems in SNOMED CT. */
    static final List<Entry> CRITICAL_CONDITIONS_SNOMED = List.of(
            new Entry("84114007", "heart failure"),
            new Entry("49436004", "atrial fibrillation"),
            new Entry("22298006", "myocardial infarction"),
            new Entry("84757009", "epilepsy"),
            new Entry("46635009", "type 1 diabetes mellitus"),
            new Entry("46177005", "end-stage renal disease"),
            new Entry("91637004", "myasthenia gravis"),
            new Entry("77386006", "pregnant"));

    /** Conditions saying that a device is implanted: pacemakers and defibrillators, stents, valves, joints. */
    static final List<Entry> IMPLANT_CONDITIONS_ICD10 = List.of(
            new Entry("Z95", "cardiac and vascular implants: pacemaker, defibrillator, bypass graft, valve, stent"),
            new Entry("Z96.6", "orthopaedic joint implant: imaging and infection risk"),
            new Entry("Z45.0", "adjustment of a cardiac pacemaker or defibrillator: one is implanted"));

    static final List<Entry> IMPLANT_CONDITIONS_SNOMED = List.of(
            new Entry("441509002", "cardiac pacemaker in situ"));

    /** Procedures that leave a device in the body, in ICD-9-CM-3 as Chinese hospitals code them. */
    static final List<Entry> IMPLANT_PROCEDURES_ICD9CM = List.of(
            new Entry("35.2", "heart valve replacement (35.20-35.28)"),
            new Entry("36.06", "coronary stent"),
            new Entry("36.07", "drug-eluting coronary stent: dual antiplatelet therapy"),
            new Entry("37.8", "pacemaker insertion or replacement (37.80-37.89): no MRI, pad placement"),
            new Entry("37.94", "implantable cardioverter-defibrillator, total system"),
            new Entry("37.95", "defibrillator leads"),
            new Entry("37.96", "defibrillator generator"),
            new Entry("37.97", "defibrillator leads replaced"),
            new Entry("37.98", "defibrillator generator replaced"),
            new Entry("81.5", "hip, knee, ankle or foot joint replacement (81.51-81.59)"),
            new Entry("81.80", "total shoulder replacement"),
            new Entry("81.81", "partial shoulder replacement"),
            new Entry("81.84", "total elbow replacement"));

    /** Drug classes where a mistake in an emergency kills: bleeding, hypoglycaemia, respiratory depression, crises. */
    static final List<Entry> HIGH_RISK_ATC = List.of(
            new Entry("B01A", "antithrombotic agents: anticoagulants, antiplatelets, thrombolytics; bleeding"),
            new Entry("A10A", "insulins: hypoglycaemia"),
            new Entry("L01", "antineoplastic agents: neutropenia, bleeding, extravasation"),
            new Entry("N02A", "opioids: respiratory depression, withdrawal"),
            new Entry("C01AA", "digitalis glycosides: narrow therapeutic range, arrhythmia"),
            new Entry("H02AB", "systemic glucocorticoids: adrenal suppression, stress dosing"),
            new Entry("N03A", "antiepileptics: seizures if stopped, interactions"));

    /**
     * Lower-case names of high-risk drugs, for medications a source sent without an ATC code. Only names that are
     * unambiguous on their own: anticoagulants, antiplatelets, insulin, digoxin, strong opioids.
     */
    static final List<String> HIGH_RISK_NAMES = List.of(
            "华法林", "warfarin", "利伐沙班", "rivaroxaban", "达比加群", "dabigatran", "阿哌沙班", "apixaban",
            "艾多沙班", "edoxaban", "肝素", "heparin", "enoxaparin", "nadroparin", "dalteparin",
            "氯吡格雷", "clopidogrel", "替格瑞洛", "ticagrelor", "胰岛素", "insulin", "地高辛", "digoxin",
            "吗啡", "morphine", "芬太尼", "fentanyl", "羟考酮", "oxycodone");

    /** SNOMED CT "no known allergy" concepts: recorded as AllergyIntolerance, but they are not an allergy. */
    static final List<Entry> NO_KNOWN_ALLERGY_SNOMED = List.of(
            new Entry("716186003", "no known allergy"),
            new Entry("409137002", "no known drug allergy"),
            new Entry("429625007", "no known food allergy"),
            new Entry("428607008", "no known environmental allergy"));

    private EmergencyCodes() {
    }

    static boolean criticalCondition(JsonNode concept) {
        return matchesPrefix(concept, ICD10, CRITICAL_CONDITIONS_ICD10)
                || matchesExactly(concept, SNOMED, CRITICAL_CONDITIONS_SNOMED);
    }

    static boolean implantCondition(JsonNode concept) {
        return matchesPrefix(concept, ICD10, IMPLANT_CONDITIONS_ICD10)
                || matchesExactly(concept, SNOMED, IMPLANT_CONDITIONS_SNOMED);
    }

    static boolean implantProcedure(JsonNode concept) {
        return matchesPrefix(concept, ICD9CM, IMPLANT_PROCEDURES_ICD9CM);
    }

    /**
     * ICD-10 Z00-Z13, examinations and screening: the reason for a visit, not a problem the person has. A check-up
     * left "active" must not turn a healthy person amber.
     */
    static boolean examinationOnly(JsonNode concept) {
        for (JsonNode coding : concept.path("coding")) {
            String code = normalisedCode(coding, ICD10);
            if (code != null && code.length() >= 3 && code.charAt(0) == 'Z'
                    && Character.isDigit(code.charAt(1)) && Character.isDigit(code.charAt(2))
                    && Integer.parseInt(code.substring(1, 3)) <= 13) {
                return true;
            }
        }
        return false;
    }

    static boolean noKnownAllergy(JsonNode concept) {
        return matchesExactly(concept, SNOMED, NO_KNOWN_ALLERGY_SNOMED);
    }

    /**
     * Whether a medication is high-risk: by its ATC codes when it has any (they are precise), else by its names.
     *
     * @param names other names of the medication, such as a medicationReference's display
     */
    static boolean highRiskDrug(JsonNode concept, String... names) {
        boolean coded = false;
        for (JsonNode coding : concept.path("coding")) {
            String code = normalisedCode(coding, ATC);
            if (code != null) {
                coded = true;
                if (startsWithAny(code, HIGH_RISK_ATC)) {
                    return true;
                }
            }
        }
        if (coded) {
            return false;
        }
        if (namesHighRiskDrug(concept.path("text").textValue())) {
            return true;
        }
        for (JsonNode coding : concept.path("coding")) {
            if (namesHighRiskDrug(coding.path("display").textValue())) {
                return true;
            }
        }
        for (String name : names) {
            if (namesHighRiskDrug(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namesHighRiskDrug(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (String risky : HIGH_RISK_NAMES) {
            if (lower.contains(risky)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a coding of {@code system} has a code starting with one of the table's prefixes. */
    private static boolean matchesPrefix(JsonNode concept, String system, List<Entry> table) {
        for (JsonNode coding : concept.path("coding")) {
            String code = normalisedCode(coding, system);
            if (code != null && startsWithAny(code, table)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesExactly(JsonNode concept, String system, List<Entry> table) {
        for (JsonNode coding : concept.path("coding")) {
            if (system.equals(coding.path("system").textValue())) {
                String code = coding.path("code").textValue();
                if (table.stream().anyMatch(entry -> entry.code().equals(code))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The coding's code without dots and upper-case, when its system starts with {@code system}; else null. */
    private static String normalisedCode(JsonNode coding, String system) {
        String codingSystem = coding.path("system").textValue();
        String code = coding.path("code").textValue();
        if (codingSystem == null || code == null || !codingSystem.startsWith(system)) {
            return null;
        }
        return code.replace(".", "").trim().toUpperCase(Locale.ROOT);
    }

    private static boolean startsWithAny(String code, List<Entry> table) {
        for (Entry entry : table) {
            if (code.startsWith(entry.code().replace(".", ""))) {
                return true;
            }
        }
        return false;
    }
}
