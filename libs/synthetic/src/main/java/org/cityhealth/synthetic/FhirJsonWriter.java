package org.cityhealth.synthetic;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.List;

/**
 * Writes FHIR R4 resources as JSON with Jackson's streaming generator (no object model: HAPI would be two orders of
 * magnitude slower at this volume).
 *
 * <p>Inside a transaction bundle, resources refer to each other by {@code urn:uuid:} full URLs and to the patient by
 * {@code Patient/<source patient id>} (the Patient entry is a PUT with that id). In NDJSON, where every resource
 * already has its final id, all references are relative ({@code Encounter/<uuid>}).
 */
final class FhirJsonWriter {

    /** How references are written. */
    enum Style { BUNDLE, NDJSON }

    /**
     * One source's view of a resident: the Patient that source holds, with the identity as that source sends it
     * ({@code sent}: possibly an old phone, no resident ID, or identity noise), which the writer uses instead of the
     * resident's true one.
     */
    record PatientView(String id, Resident resident, SourceCatalog.Source source, String medicalRecordNumber,
                       PatientNoise.Sent sent, LocalDateTime deceased) {
    }

    private final Style style;

    FhirJsonWriter(Style style) {
        this.style = style;
    }

    String reference(String type, String id) {
        return style == Style.BUNDLE ? "urn:uuid:" + id : type + "/" + id;
    }

    static String patientReference(String patientId) {
        return "Patient/" + patientId;
    }

    // ---------------------------------------------------------------- bundle entries

    void patientEntry(JsonGenerator g, PatientView patient) throws IOException {
        g.writeStartObject();
        g.writeFieldName("resource");
        patient(g, patient);
        g.writeObjectFieldStart("request");
        g.writeStringField("method", "PUT");
        g.writeStringField("url", patientReference(patient.id()));
        g.writeEndObject();
        g.writeEndObject();
    }

    void organizationEntry(JsonGenerator g, SourceCatalog.Source source) throws IOException {
        g.writeStartObject();
        g.writeStringField("fullUrl", "urn:uuid:" + source.organizationId());
        g.writeFieldName("resource");
        organization(g, source);
        conditionalCreate(g, "Organization", "identifier=" + Codes.SOURCE_SYSTEM + "|" + source.code());
        g.writeEndObject();
    }

    void practitionerEntry(JsonGenerator g, SourceCatalog.Source source, SourceCatalog.Clinician clinician)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("fullUrl", "urn:uuid:" + clinician.id());
        g.writeFieldName("resource");
        practitioner(g, source, clinician);
        conditionalCreate(g, "Practitioner", "identifier=" + Codes.practitionerSystem(source.code()) + "|"
                + clinician.identifier());
        g.writeEndObject();
    }

    void clinicalEntry(JsonGenerator g, ClinicalRecord record, SourceCatalog.Source source, String patientId)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("fullUrl", "urn:uuid:" + record.id());
        g.writeFieldName("resource");
        resource(g, record, source, patientId);
        g.writeObjectFieldStart("request");
        g.writeStringField("method", "POST");
        g.writeStringField("url", record.resourceType());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void conditionalCreate(JsonGenerator g, String type, String criteria) throws IOException {
        g.writeObjectFieldStart("request");
        g.writeStringField("method", "POST");
        g.writeStringField("url", type);
        g.writeStringField("ifNoneExist", criteria);
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- administrative resources

    void patient(JsonGenerator g, PatientView p) throws IOException {
        Resident r = p.resident();
        PatientNoise.Sent sent = p.sent();
        g.writeStartObject();
        g.writeStringField("resourceType", "Patient");
        g.writeStringField("id", p.id());
        g.writeArrayFieldStart("identifier");
        if (sent.residentId() != null) {
            g.writeStartObject();
            g.writeStringField("use", "official");
            identifierType(g, "NNCHN", null, "居民身份证号码");
            g.writeStringField("system", Codes.RESIDENT_ID);
            g.writeStringField("value", sent.residentId());
            g.writeEndObject();
        }
        g.writeStartObject();
        g.writeStringField("use", "usual");
        identifierType(g, "MR", "Medical record number", "病案号");
        g.writeStringField("system", Codes.mrnSystem(p.source().code()));
        g.writeStringField("value", p.medicalRecordNumber());
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanField("active", true);
        g.writeArrayFieldStart("name");
        humanName(g, sent.family(), sent.given());
        g.writeEndArray();
        g.writeArrayFieldStart("telecom");
        g.writeStartObject();
        g.writeStringField("system", "phone");
        g.writeStringField("value", sent.phone());
        g.writeStringField("use", "mobile");
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("gender", r.gender());
        g.writeStringField("birthDate", FhirDates.date(sent.birthDate()));
        if (p.deceased() != null) {
            g.writeStringField("deceasedDateTime", FhirDates.dateTime(p.deceased()));
        }
        g.writeArrayFieldStart("address");
        g.writeStartObject();
        g.writeStringField("use", "home");
        g.writeStringField("type", "physical");
        g.writeStringField("text", Geography.PROVINCE + Geography.CITY + r.district().name() + r.addressLine());
        g.writeArrayFieldStart("line");
        g.writeString(r.addressLine());
        g.writeEndArray();
        g.writeStringField("city", Geography.CITY);
        g.writeStringField("district", r.district().name());
        g.writeStringField("state", Geography.PROVINCE);
        g.writeStringField("postalCode", r.district().postalCode());
        g.writeStringField("country", "CN");
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("managingOrganization");
        g.writeStringField("reference", reference("Organization", p.source().organizationId()));
        g.writeStringField("display", p.source().info().name());
        g.writeEndObject();
        g.writeEndObject();
    }

    void organization(JsonGenerator g, SourceCatalog.Source s) throws IOException {
        g.writeStartObject();
        g.writeStringField("resourceType", "Organization");
        g.writeStringField("id", s.organizationId());
        g.writeArrayFieldStart("identifier");
        g.writeStartObject();
        g.writeStringField("system", Codes.SOURCE_SYSTEM);
        g.writeStringField("value", s.code());
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanField("active", true);
        g.writeArrayFieldStart("type");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        coding(g, Codes.ORGANIZATION_TYPE, "prov", "Healthcare Provider");
        g.writeEndArray();
        g.writeStringField("text", switch (s.kind()) {
            case HOSPITAL -> "医院";
            case CLINIC -> "社区卫生服务中心";
            case EXAM_CENTER -> "健康体检中心";
        });
        g.writeEndObject();
        g.writeStartObject();
        g.writeStringField("text", s.info().level());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("name", s.info().name());
        g.writeArrayFieldStart("address");
        g.writeStartObject();
        g.writeStringField("city", Geography.CITY);
        g.writeStringField("district", s.district().name());
        g.writeStringField("state", Geography.PROVINCE);
        g.writeStringField("postalCode", s.district().postalCode());
        g.writeStringField("country", "CN");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    void practitioner(JsonGenerator g, SourceCatalog.Source s, SourceCatalog.Clinician c) throws IOException {
        g.writeStartObject();
        g.writeStringField("resourceType", "Practitioner");
        g.writeStringField("id", c.id());
        g.writeArrayFieldStart("identifier");
        g.writeStartObject();
        g.writeStringField("system", Codes.practitionerSystem(s.code()));
        g.writeStringField("value", c.identifier());
        g.writeEndObject();
        g.writeEndArray();
        g.writeBooleanField("active", true);
        g.writeArrayFieldStart("name");
        humanName(g, c.family(), c.given());
        g.writeEndArray();
        g.writeStringField("gender", c.male() ? "male" : "female");
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- clinical resources

    void resource(JsonGenerator g, ClinicalRecord record, SourceCatalog.Source source, String patientId)
            throws IOException {
        String patient = patientReference(patientId);
        switch (record) {
            case ClinicalRecord.Encounter e -> encounter(g, e, source, patient);
            case ClinicalRecord.Condition c -> condition(g, c, source, patient);
            case ClinicalRecord.Observation o -> observation(g, o, patient);
            case ClinicalRecord.DiagnosticReport d -> diagnosticReport(g, d, source, patient);
            case ClinicalRecord.MedicationRequest m -> medicationRequest(g, m, source, patient);
            case ClinicalRecord.MedicationStatement m -> medicationStatement(g, m, patient);
            case ClinicalRecord.AllergyIntolerance a -> allergyIntolerance(g, a, source, patient);
            case ClinicalRecord.Procedure p -> procedure(g, p, source, patient);
            case ClinicalRecord.ImagingStudy i -> imagingStudy(g, i, source, patient);
            case ClinicalRecord.Immunization i -> immunization(g, i, source, patient);
        }
    }

    private void encounter(JsonGenerator g, ClinicalRecord.Encounter e, SourceCatalog.Source source, String patient)
            throws IOException {
        start(g, "Encounter", e.id());
        g.writeStringField("status", e.end() == null ? "in-progress" : "finished");
        g.writeObjectFieldStart("class");
        g.writeStringField("system", Codes.ACT_CODE);
        g.writeStringField("code", e.encounterClass().name());
        g.writeStringField("display", e.encounterClass().display);
        g.writeEndObject();
        g.writeArrayFieldStart("type");
        g.writeStartObject();
        g.writeStringField("text", e.typeText());
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("serviceType");
        g.writeStringField("text", e.department().chinese);
        g.writeEndObject();
        subject(g, "subject", patient);
        g.writeArrayFieldStart("participant");
        g.writeStartObject();
        g.writeArrayFieldStart("type");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        coding(g, Codes.PARTICIPATION_TYPE, "PPRF", "primary performer");
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        practitionerReference(g, "individual", source, e.practitioner());
        g.writeEndObject();
        g.writeEndArray();
        g.writeObjectFieldStart("period");
        g.writeStringField("start", FhirDates.dateTime(e.start()));
        if (e.end() != null) {
            g.writeStringField("end", FhirDates.dateTime(e.end()));
        }
        g.writeEndObject();
        if (e.reason() != null) {
            g.writeArrayFieldStart("reasonCode");
            concept(g, e.reason());
            g.writeEndArray();
        }
        if (!e.diagnoses().isEmpty()) {
            g.writeArrayFieldStart("diagnosis");
            int rank = 1;
            for (String condition : e.diagnoses()) {
                g.writeStartObject();
                g.writeObjectFieldStart("condition");
                g.writeStringField("reference", reference("Condition", condition));
                g.writeEndObject();
                if (e.encounterClass() == ClinicalRecord.EncounterClass.IMP) {
                    g.writeObjectFieldStart("use");
                    g.writeArrayFieldStart("coding");
                    coding(g, Codes.DIAGNOSIS_ROLE, "DD", "Discharge diagnosis");
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeNumberField("rank", rank++);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (e.encounterClass() == ClinicalRecord.EncounterClass.IMP) {
            g.writeObjectFieldStart("hospitalization");
            g.writeObjectFieldStart("admitSource");
            g.writeArrayFieldStart("coding");
            if (e.emergencyAdmission()) {
                coding(g, Codes.ADMIT_SOURCE, "emd", "From accident/emergency department");
            } else {
                coding(g, Codes.ADMIT_SOURCE, "outp", "From outpatient department");
            }
            g.writeEndArray();
            g.writeEndObject();
            if (e.end() != null) {
                g.writeObjectFieldStart("dischargeDisposition");
                g.writeArrayFieldStart("coding");
                if (e.died()) {
                    coding(g, Codes.DISCHARGE_DISPOSITION, "exp", "Expired");
                } else {
                    coding(g, Codes.DISCHARGE_DISPOSITION, "home", "Home");
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeObjectFieldStart("serviceProvider");
        g.writeStringField("reference", reference("Organization", source.organizationId()));
        g.writeStringField("display", source.info().name());
        g.writeEndObject();
        g.writeEndObject();
    }

    private void condition(JsonGenerator g, ClinicalRecord.Condition c, SourceCatalog.Source source, String patient)
            throws IOException {
        start(g, "Condition", c.id());
        codedStatus(g, "clinicalStatus", Codes.CONDITION_CLINICAL, c.clinicalStatus());
        codedStatus(g, "verificationStatus", Codes.CONDITION_VERIFICATION, "confirmed");
        g.writeArrayFieldStart("category");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        if (c.problemList()) {
            coding(g, Codes.CONDITION_CATEGORY, "problem-list-item", "Problem List Item");
        } else {
            coding(g, Codes.CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis");
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeFieldName("code");
        concept(g, c.disease().concept);
        subject(g, "subject", patient);
        encounterReference(g, "encounter", c.encounter());
        g.writeStringField("onsetDateTime", FhirDates.date(c.onset()));
        if (c.abatement() != null) {
            g.writeStringField("abatementDateTime", FhirDates.dateTime(c.abatement()));
        }
        g.writeStringField("recordedDate", FhirDates.dateTime(c.recorded()));
        practitionerReference(g, "recorder", source, c.practitioner());
        g.writeEndObject();
    }

    private void observation(JsonGenerator g, ClinicalRecord.Observation o, String patient) throws IOException {
        Measure m = o.measure();
        start(g, "Observation", o.id());
        g.writeStringField("status", "final");
        g.writeArrayFieldStart("category");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        if (m.laboratory) {
            coding(g, Codes.OBSERVATION_CATEGORY, "laboratory", "Laboratory");
        } else {
            coding(g, Codes.OBSERVATION_CATEGORY, "vital-signs", "Vital Signs");
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeFieldName("code");
        concept(g, m.concept);
        subject(g, "subject", patient);
        encounterReference(g, "encounter", o.encounter());
        g.writeStringField("effectiveDateTime", FhirDates.dateTime(o.effective()));
        if (m.laboratory) {
            g.writeStringField("issued", FhirDates.dateTime(o.effective().plusHours(1)));
        }
        if (m == Measure.BLOOD_PRESSURE) {
            g.writeArrayFieldStart("component");
            component(g, Measure.SYSTOLIC, o.value(), o.male());
            component(g, Measure.DIASTOLIC, o.secondValue(), o.male());
            g.writeEndArray();
        } else if (m.coded()) {
            g.writeFieldName("valueCodeableConcept");
            concept(g, o.codedValue());
            if (o.codedInterpretation() != null) {
                interpretation(g, o.codedInterpretation());
            }
        } else {
            quantity(g, "valueQuantity", o.value(), m);
            String flag = m.interpretation(o.value(), o.male());
            if (flag != null) {
                interpretation(g, flag);
                referenceRange(g, m, o.male());
            }
        }
        g.writeEndObject();
    }

    private void component(JsonGenerator g, Measure m, double value, boolean male) throws IOException {
        g.writeStartObject();
        g.writeFieldName("code");
        concept(g, m.concept);
        quantity(g, "valueQuantity", value, m);
        interpretation(g, m.interpretation(value, male));
        referenceRange(g, m, male);
        g.writeEndObject();
    }

    private void diagnosticReport(JsonGenerator g, ClinicalRecord.DiagnosticReport d, SourceCatalog.Source source,
                                  String patient) throws IOException {
        start(g, "DiagnosticReport", d.id());
        g.writeStringField("status", "final");
        g.writeArrayFieldStart("category");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        if (d.imaging()) {
            coding(g, Codes.DIAGNOSTIC_SERVICE, "RAD", "Radiology");
            coding(g, Codes.OBSERVATION_CATEGORY, "imaging", "Imaging");
        } else {
            coding(g, Codes.DIAGNOSTIC_SERVICE, "LAB", "Laboratory");
            coding(g, Codes.OBSERVATION_CATEGORY, "laboratory", "Laboratory");
        }
        g.writeEndArray();
        g.writeStringField("text", d.imaging() ? "影像" : "检验");
        g.writeEndObject();
        g.writeEndArray();
        g.writeFieldName("code");
        concept(g, d.code());
        subject(g, "subject", patient);
        encounterReference(g, "encounter", d.encounter());
        g.writeStringField("effectiveDateTime", FhirDates.dateTime(d.effective()));
        g.writeStringField("issued", FhirDates.dateTime(d.issued()));
        g.writeArrayFieldStart("performer");
        g.writeStartObject();
        g.writeStringField("reference", reference("Practitioner", source.clinicians().get(d.practitioner()).id()));
        g.writeEndObject();
        g.writeEndArray();
        if (!d.results().isEmpty()) {
            g.writeArrayFieldStart("result");
            for (String result : d.results()) {
                g.writeStartObject();
                g.writeStringField("reference", reference("Observation", result));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (d.imagingStudy() != null) {
            g.writeArrayFieldStart("imagingStudy");
            g.writeStartObject();
            g.writeStringField("reference", reference("ImagingStudy", d.imagingStudy()));
            g.writeEndObject();
            g.writeEndArray();
        }
        if (d.conclusion() != null) {
            g.writeStringField("conclusion", d.conclusion());
        }
        g.writeEndObject();
    }

    private void medicationRequest(JsonGenerator g, ClinicalRecord.MedicationRequest m, SourceCatalog.Source source,
                                   String patient) throws IOException {
        Drug drug = m.drug();
        start(g, "MedicationRequest", m.id());
        g.writeStringField("status", m.status());
        g.writeStringField("intent", "order");
        g.writeArrayFieldStart("category");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        if (m.inpatient()) {
            coding(g, Codes.MEDICATION_REQUEST_CATEGORY, "inpatient", "Inpatient");
        } else {
            coding(g, Codes.MEDICATION_REQUEST_CATEGORY, "outpatient", "Outpatient");
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
        g.writeFieldName("medicationCodeableConcept");
        concept(g, drug.concept);
        subject(g, "subject", patient);
        encounterReference(g, "encounter", m.encounter());
        g.writeStringField("authoredOn", FhirDates.dateTime(m.authored()));
        practitionerReference(g, "requester", source, m.practitioner());
        if (m.reason() != null) {
            g.writeArrayFieldStart("reasonCode");
            concept(g, m.reason().concept);
            g.writeEndArray();
        }
        g.writeArrayFieldStart("dosageInstruction");
        dosage(g, drug);
        g.writeEndArray();
        g.writeObjectFieldStart("dispenseRequest");
        g.writeObjectFieldStart("expectedSupplyDuration");
        g.writeNumberField("value", drug.supplyDays);
        g.writeStringField("unit", "天");
        g.writeStringField("system", Codes.UCUM);
        g.writeStringField("code", "d");
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }

    private void medicationStatement(JsonGenerator g, ClinicalRecord.MedicationStatement m, String patient)
            throws IOException {
        start(g, "MedicationStatement", m.id());
        g.writeStringField("status", "active");
        g.writeObjectFieldStart("category");
        g.writeArrayFieldStart("coding");
        coding(g, Codes.MEDICATION_STATEMENT_CATEGORY, "patientspecified", "Patient Specified");
        g.writeEndArray();
        g.writeEndObject();
        g.writeFieldName("medicationCodeableConcept");
        concept(g, m.drug().concept);
        subject(g, "subject", patient);
        encounterReference(g, "context", m.encounter());
        g.writeObjectFieldStart("effectivePeriod");
        g.writeStringField("start", FhirDates.date(m.since()));
        g.writeEndObject();
        g.writeStringField("dateAsserted", FhirDates.dateTime(m.asserted()));
        subject(g, "informationSource", patient);
        g.writeArrayFieldStart("dosage");
        g.writeStartObject();
        g.writeStringField("text", m.drug().instructions);
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private void allergyIntolerance(JsonGenerator g, ClinicalRecord.AllergyIntolerance a, SourceCatalog.Source source,
                                    String patient) throws IOException {
        start(g, "AllergyIntolerance", a.id());
        codedStatus(g, "clinicalStatus", Codes.ALLERGY_CLINICAL, "active");
        codedStatus(g, "verificationStatus", Codes.ALLERGY_VERIFICATION, "confirmed");
        g.writeStringField("type", "allergy");
        g.writeArrayFieldStart("category");
        g.writeString(a.allergen().category);
        g.writeEndArray();
        g.writeStringField("criticality", a.criticality());
        g.writeFieldName("code");
        concept(g, a.allergen().concept);
        subject(g, "patient", patient);
        encounterReference(g, "encounter", a.encounter());
        g.writeStringField("onsetDateTime", FhirDates.date(a.onset()));
        g.writeStringField("recordedDate", FhirDates.dateTime(a.recorded()));
        practitionerReference(g, "recorder", source, a.practitioner());
        g.writeArrayFieldStart("reaction");
        g.writeStartObject();
        g.writeArrayFieldStart("manifestation");
        concept(g, a.reaction().concept);
        g.writeEndArray();
        g.writeStringField("severity", a.severity());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private void procedure(JsonGenerator g, ClinicalRecord.Procedure p, SourceCatalog.Source source, String patient)
            throws IOException {
        start(g, "Procedure", p.id());
        g.writeStringField("status", "completed");
        g.writeFieldName("code");
        concept(g, p.surgery().concept);
        subject(g, "subject", patient);
        encounterReference(g, "encounter", p.encounter());
        g.writeObjectFieldStart("performedPeriod");
        g.writeStringField("start", FhirDates.dateTime(p.start()));
        g.writeStringField("end", FhirDates.dateTime(p.end()));
        g.writeEndObject();
        g.writeArrayFieldStart("performer");
        g.writeStartObject();
        practitionerReference(g, "actor", source, p.practitioner());
        g.writeEndObject();
        g.writeEndArray();
        if (p.reason() != null) {
            g.writeArrayFieldStart("reasonCode");
            concept(g, p.reason().concept);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void imagingStudy(JsonGenerator g, ClinicalRecord.ImagingStudy i, SourceCatalog.Source source,
            String patient)
            throws IOException {
        ImagingKind kind = i.kind();
        start(g, "ImagingStudy", i.id());
        g.writeArrayFieldStart("identifier");
        g.writeStartObject();
        g.writeStringField("system", Codes.DICOM_UID);
        g.writeStringField("value", "urn:oid:" + i.studyUid());
        g.writeEndObject();
        g.writeEndArray();
        g.writeStringField("status", "available");
        g.writeArrayFieldStart("modality");
        coding(g, kind.modality.system(), kind.modality.code(), kind.modality.display());
        g.writeEndArray();
        subject(g, "subject", patient);
        encounterReference(g, "encounter", i.encounter());
        g.writeStringField("started", FhirDates.dateTime(i.started()));
        g.writeArrayFieldStart("interpreter");
        g.writeStartObject();
        g.writeStringField("reference", reference("Practitioner", source.clinicians().get(i.practitioner()).id()));
        g.writeEndObject();
        g.writeEndArray();
        g.writeNumberField("numberOfSeries", i.seriesUids().size());
        g.writeNumberField("numberOfInstances", i.instances());
        g.writeStringField("description", kind.description);
        g.writeArrayFieldStart("series");
        List<String> uids = i.seriesUids();
        for (int s = 0; s < uids.size(); s++) {
            g.writeStartObject();
            g.writeStringField("uid", uids.get(s));
            g.writeNumberField("number", s + 1);
            g.writeFieldName("modality");
            coding(g, kind.modality.system(), kind.modality.code(), kind.modality.display());
            g.writeNumberField("numberOfInstances", i.instancesPerSeries()[s]);
            g.writeFieldName("bodySite");
            coding(g, kind.bodySite.system(), kind.bodySite.code(), kind.bodySite.display());
            g.writeStringField("started", FhirDates.dateTime(i.started().plusMinutes(s * 2L)));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void immunization(JsonGenerator g, ClinicalRecord.Immunization i, SourceCatalog.Source source,
            String patient)
            throws IOException {
        start(g, "Immunization", i.id());
        g.writeStringField("status", "completed");
        g.writeFieldName("vaccineCode");
        concept(g, i.vaccine().concept);
        subject(g, "patient", patient);
        encounterReference(g, "encounter", i.encounter());
        g.writeStringField("occurrenceDateTime", FhirDates.dateTime(i.occurrence()));
        g.writeStringField("recorded", FhirDates.dateTime(i.occurrence().plusMinutes(1)));
        g.writeBooleanField("primarySource", true);
        g.writeStringField("lotNumber", i.lot());
        g.writeObjectFieldStart("route");
        g.writeArrayFieldStart("coding");
        switch (i.vaccine()) {
            case BCG -> coding(g, Codes.ROUTE, "IDINJ", "Injection, intradermal");
            case MMR, VARICELLA -> coding(g, Codes.ROUTE, "SQ", "Injection, subcutaneous");
            default -> coding(g, Codes.ROUTE, "IM", "Injection, intramuscular");
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeObjectFieldStart("doseQuantity");
        g.writeNumberField("value", i.vaccine() == Vaccine.BCG ? 0.1 : 0.5);
        g.writeStringField("unit", "mL");
        g.writeStringField("system", Codes.UCUM);
        g.writeStringField("code", "mL");
        g.writeEndObject();
        g.writeArrayFieldStart("performer");
        g.writeStartObject();
        practitionerReference(g, "actor", source, i.practitioner());
        g.writeEndObject();
        g.writeEndArray();
        g.writeArrayFieldStart("protocolApplied");
        g.writeStartObject();
        g.writeNumberField("doseNumberPositiveInt", i.dose());
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- data types

    private static void start(JsonGenerator g, String type, String id) throws IOException {
        g.writeStartObject();
        g.writeStringField("resourceType", type);
        g.writeStringField("id", id);
    }

    private static void subject(JsonGenerator g, String field, String patient) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("reference", patient);
        g.writeEndObject();
    }

    private void encounterReference(JsonGenerator g, String field, String encounter) throws IOException {
        if (encounter != null) {
            g.writeObjectFieldStart(field);
            g.writeStringField("reference", reference("Encounter", encounter));
            g.writeEndObject();
        }
    }

    private void practitionerReference(JsonGenerator g, String field, SourceCatalog.Source source, int number)
            throws IOException {
        SourceCatalog.Clinician c = source.clinicians().get(number);
        g.writeObjectFieldStart(field);
        g.writeStringField("reference", reference("Practitioner", c.id()));
        g.writeStringField("display", c.family() + c.given());
        g.writeEndObject();
    }

    private static void humanName(JsonGenerator g, String family, String given) throws IOException {
        g.writeStartObject();
        g.writeStringField("use", "official");
        g.writeStringField("text", family + given);
        g.writeStringField("family", family);
        g.writeArrayFieldStart("given");
        g.writeString(given);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void identifierType(JsonGenerator g, String code, String display, String text) throws IOException {
        g.writeObjectFieldStart("type");
        g.writeArrayFieldStart("coding");
        coding(g, Codes.IDENTIFIER_TYPE, code, display);
        g.writeEndArray();
        g.writeStringField("text", text);
        g.writeEndObject();
    }

    private static void coding(JsonGenerator g, String system, String code, String display) throws IOException {
        g.writeStartObject();
        g.writeStringField("system", system);
        g.writeStringField("code", code);
        if (display != null) {
            g.writeStringField("display", display);
        }
        g.writeEndObject();
    }

    /** A CodeableConcept with one coding and its display as text. */
    private static void concept(JsonGenerator g, Codes.Concept c) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        coding(g, c.system(), c.code(), c.display());
        g.writeEndArray();
        g.writeStringField("text", c.display());
        g.writeEndObject();
    }

    private static void codedStatus(JsonGenerator g, String field, String system, String code) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeArrayFieldStart("coding");
        coding(g, system, code, null);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void quantity(JsonGenerator g, String field, double value, Measure m) throws IOException {
        g.writeObjectFieldStart(field);
        number(g, "value", value, m.decimals);
        g.writeStringField("unit", m.unit);
        g.writeStringField("system", Codes.UCUM);
        g.writeStringField("code", m.ucum);
        g.writeEndObject();
    }

    private static void number(JsonGenerator g, String field, double value, int decimals) throws IOException {
        if (decimals == 0) {
            g.writeNumberField(field, Math.round(value));
        } else {
            g.writeNumberField(field, value);
        }
    }

    private static void interpretation(JsonGenerator g, String flag) throws IOException {
        g.writeArrayFieldStart("interpretation");
        g.writeStartObject();
        g.writeArrayFieldStart("coding");
        coding(g, Codes.INTERPRETATION, flag, switch (flag) {
            case "H" -> "High";
            case "L" -> "Low";
            case "N" -> "Normal";
            case "POS" -> "Positive";
            case "NEG" -> "Negative";
            default -> null;
        });
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void referenceRange(JsonGenerator g, Measure m, boolean male) throws IOException {
        double low = m.low(male);
        double high = m.high(male);
        g.writeArrayFieldStart("referenceRange");
        g.writeStartObject();
        if (!Double.isNaN(low)) {
            quantity(g, "low", low, m);
        }
        if (!Double.isNaN(high)) {
            quantity(g, "high", high, m);
        }
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void dosage(JsonGenerator g, Drug drug) throws IOException {
        g.writeStartObject();
        g.writeStringField("text", drug.instructions);
        if (drug.timesPerDay > 0) {
            g.writeObjectFieldStart("timing");
            g.writeObjectFieldStart("repeat");
            g.writeNumberField("frequency", drug.timesPerDay);
            g.writeNumberField("period", 1);
            g.writeStringField("periodUnit", "d");
            g.writeEndObject();
            g.writeEndObject();
        }
        if (drug.asNeeded) {
            g.writeBooleanField("asNeededBoolean", true);
        }
        g.writeObjectFieldStart("route");
        g.writeArrayFieldStart("coding");
        coding(g, Codes.ROUTE, drug.routeCode, null);
        g.writeEndArray();
        g.writeStringField("text", drug.route);
        g.writeEndObject();
        g.writeArrayFieldStart("doseAndRate");
        g.writeStartObject();
        g.writeObjectFieldStart("doseQuantity");
        if (drug.dose == Math.rint(drug.dose)) {
            g.writeNumberField("value", (long) drug.dose);
        } else {
            g.writeNumberField("value", drug.dose);
        }
        g.writeStringField("unit", doseUnitText(drug.doseUnit));
        g.writeStringField("system", Codes.UCUM);
        g.writeStringField("code", drug.doseUnit);
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }

    private static String doseUnitText(String ucum) {
        return switch (ucum) {
            case "ug" -> "μg";
            case "[iU]" -> "IU";
            case "{puff}" -> "吸";
            case "{drop}" -> "滴";
            case "{application}" -> "次";
            case "mg/m2" -> "mg/m²";
            default -> ucum;
        };
    }
}
