package org.cityhealth.synthetic;

/** Code systems the generated resources use, and the coded-concept record they share. */
final class Codes {

    static final String ICD10 = "http://hl7.org/fhir/sid/icd-10";
    /** ICD-9-CM volume 3, which Chinese hospitals use for procedures (国家临床版 ICD-9-CM-3). */
    static final String ICD9CM = "http://hl7.org/fhir/sid/icd-9-cm";
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String SNOMED = "http://snomed.info/sct";
    static final String ATC = "http://www.whocc.no/atc";
    static final String CVX = "http://hl7.org/fhir/sid/cvx";
    static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String RESIDENT_ID = "urn:oid:2.16.156.10011.1.1";
    static final String IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";
    static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    static final String ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";
    static final String ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
    static final String DIAGNOSTIC_SERVICE = "http://terminology.hl7.org/CodeSystem/v2-0074";
    static final String DISCHARGE_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition";
    static final String ADMIT_SOURCE = "http://terminology.hl7.org/CodeSystem/admit-source";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
    static final String DIAGNOSIS_ROLE = "http://terminology.hl7.org/CodeSystem/diagnosis-role";
    static final String ACT_SITE = "http://terminology.hl7.org/CodeSystem/v3-ActSite";
    static final String ROUTE = "http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration";
    static final String MEDICATION_STATEMENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category";
    static final String MEDICATION_REQUEST_CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";
    static final String DICOM_UID = "urn:dicom:uid";

    /** The hub's identifier system for sources; Organization conditional creates search on it. */
    static final String SOURCE_SYSTEM = "urn:cityhealth:source";

    /** A coded concept: one coding with its display. */
    record Concept(String system, String code, String display) {
    }

    private Codes() {
    }

    static String mrnSystem(String sourceCode) {
        return "urn:cityhealth:source:" + sourceCode + ":mrn";
    }

    static String practitionerSystem(String sourceCode) {
        return "urn:cityhealth:source:" + sourceCode + ":practitioner";
    }
}
