package org.cityhealth.hub.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cityhealth.hub.clinic.ClinicFixtures.CLOCK;
import static org.cityhealth.hub.clinic.ClinicFixtures.NOW;
import static org.cityhealth.hub.clinic.ClinicFixtures.stored;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.allergy;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.condition;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.emergencyContact;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.medicationRequest;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.observation;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.patient;
import static org.cityhealth.hub.clinic.EmergencySummariesTest.procedure;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.cityhealth.hub.store.StoredResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.SectionComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class IpsDocumentsTest {

    private static final String BASE = "https://hub.example.cn/fhir";
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final EmergencySummaries summaries = new EmergencySummaries(CLOCK);
    private final IpsDocuments documents = new IpsDocuments();

    private static final StoredResource OLDER_PATIENT = stored("Patient", "p-h1", 400, 1,
            patient("p-h1", "张", "伟", "13800138000", emergencyContact("李娜", "配偶", "13900139000")));
    private static final StoredResource NEWER_PATIENT = stored("Patient", "p-h2", 5, 2,
            patient("p-h2", "张", "伟", "13800138001", ""));

    private static final List<StoredResource> RED_RECORD = List.of(OLDER_PATIENT, NEWER_PATIENT,
            stored("MedicationRequest", "mr-1", 20, medicationRequest("mr-1", "active", "B01AA03",
                    "<script>alert('x')</script>华法林钠片", "2026-06-10T09:05:00+08:00")),
            stored("MedicationRequest", "mr-2", 20, medicationRequest("mr-2", "active", "C08CA01", "苯磺酸氨氯地平片",
                    "2026-06-10T09:05:00+08:00")),
            stored("AllergyIntolerance", "ai-1", 400, allergy("ai-1", "confirmed", "764146007", "青霉素类", "过敏性休克")),
            stored("Condition", "c-1", 900, condition("c-1", "active", "I48.9", "心房颤动", "2018-05-20")),
            stored("Condition", "c-2", 900, condition("c-2", "active", "I10", "原发性高血压 & 高血压", "2018-05-20")),
            stored("Procedure", "pr-1", 60, procedure("pr-1", "36.07", "药物洗脱冠状动脉支架置入", "2026-04-28")),
            stored("Procedure", "pr-2", 60, procedure("pr-2", "51.23", "腹腔镜下胆囊切除术", "2026-05-02")),
            stored("Observation", "o-abo", 300, observation("o-abo", "883-9", "ABO血型",
                    "LA19708-9", "O型")),
            stored("Observation", "o-rh", 300, observation("o-rh", "10331-7", "Rh血型", "LA6576-8", "Rh阳性")),
            stored("Encounter", "e-1", 60, """
                    {"resourceType":"Encounter","id":"e-1","status":"finished",
                     "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"}}
                    """));

    @Test
    void isADocumentWithAPatientSummaryCompositionFirst() {
        Bundle bundle = parse(document(RED_RECORD));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.DOCUMENT);
        assertThat(bundle.getIdentifier().getSystem()).isEqualTo("urn:ietf:rfc:3986");
        assertThat(bundle.getIdentifier().getValue()).startsWith("urn:uuid:");
        assertThat(bundle.getTimestamp()).isEqualTo(Date.from(NOW));
        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(composition.getStatus()).isEqualTo(Composition.CompositionStatus.FINAL);
        assertThat(composition.getType().getCodingFirstRep().getSystem()).isEqualTo("http://loinc.org");
        assertThat(composition.getType().getCodingFirstRep().getCode()).isEqualTo("60591-5");
        assertThat(composition.getTitle()).contains("Patient Summary").contains("患者摘要");
        assertThat(composition.getAuthorFirstRep().getDisplay()).isEqualTo("CityHealth Hub");
        assertThat(composition.getSubject().getReference()).isEqualTo("Patient/p-h2");
        assertThat(composition.getSection()).extracting(section -> section.getCode().getCodingFirstRep().getCode())
                .containsExactly("48765-2", "10160-0", "11450-4", "47519-4", "46264-8", "30954-2");
    }

    @Test
    void carriesTheTrafficLight() {
        Composition composition = (Composition) parse(document(RED_RECORD)).getEntryFirstRep().getResource();

        CodeableConcept light = (CodeableConcept) composition.getExtensionByUrl(IpsDocuments.LIGHT_EXTENSION).getValue();
        assertThat(light.getCodingFirstRep().getSystem()).isEqualTo("urn:cityhealth:emergency-light");
        assertThat(light.getCodingFirstRep().getCode()).isEqualTo("red");
    }

    @Test
    void everySectionEntryResolvesToAnEntryOfTheBundle() {
        Bundle bundle = parse(document(RED_RECORD));

        Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
                .collect(Collectors.toSet());
        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        List<String> references = composition.getSection().stream().flatMap(section -> section.getEntry().stream())
                .map(Reference::getReference).toList();
        assertThat(references).containsExactlyInAnyOrder("AllergyIntolerance/ai-1", "MedicationRequest/mr-1",
                "MedicationRequest/mr-2", "Condition/c-1", "Condition/c-2", "Procedure/pr-2", "Procedure/pr-1",
                "Observation/o-abo", "Observation/o-rh");
        assertThat(references).allSatisfy(reference -> assertThat(fullUrls).contains(BASE + "/" + reference));
        assertThat(fullUrls).contains(BASE + "/" + composition.getSubject().getReference());
        // Nothing the sections do not name is embedded: the Encounter and the older Patient stay out.
        assertThat(bundle.getEntry()).hasSize(1 + 1 + references.size());
    }

    @Test
    void embedsTheNewestPatientAndTheStoredBodiesAsTheyAre() throws IOException {
        byte[] json = document(RED_RECORD);

        Bundle bundle = parse(json);
        assertThat(bundle.getEntry().get(1).getResource()).isInstanceOfSatisfying(Patient.class,
                patient -> assertThat(patient.getIdPart()).isEqualTo("p-h2"));
        ObjectMapper mapper = new ObjectMapper();
        Map<String, JsonNode> embedded = StreamSupport.stream(
                        mapper.readTree(json).path("entry").spliterator(), false)
                .collect(Collectors.toMap(entry -> entry.path("fullUrl").asText(), entry -> entry.path("resource")));
        for (StoredResource resource : RED_RECORD) {
            JsonNode inBundle = embedded.get(BASE + "/" + resource.type() + "/" + resource.id());
            if (inBundle != null) {
                assertThat(inBundle).isEqualTo(mapper.readTree(resource.body()));
            }
        }
    }

    @Test
    void keepsTheDigitsOfEmbeddedDecimals() {
        StoredResource request = stored("MedicationRequest", "mr-1", 1, """
                {"resourceType":"MedicationRequest","id":"mr-1","status":"active","intent":"order",
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.whocc.no/atc","code":"B01AA03"}]},
                 "subject":{"reference":"Patient/p-h1"},
                 "dosageInstruction":[{"doseAndRate":[{"doseQuantity":{"value":2.50,"unit":"mg"}}]}]}
                """);

        String json = new String(document(List.of(request)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"value\":2.50");
    }

    @Test
    void emptyRequiredSectionsSayWhyAndOptionalOnesAreLeftOut() {
        Bundle bundle = parse(document(List.of(NEWER_PATIENT)));

        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(composition.getSection()).extracting(section -> section.getCode().getCodingFirstRep().getCode())
                .containsExactly("48765-2", "10160-0", "11450-4");
        assertThat(composition.getSection()).allSatisfy(section -> {
            assertThat(section.getEntry()).isEmpty();
            assertThat(section.getEmptyReason().getCodingFirstRep().getSystem())
                    .isEqualTo("http://terminology.hl7.org/CodeSystem/list-empty-reason");
            assertThat(section.getEmptyReason().getCodingFirstRep().getCode()).isEqualTo("unavailable");
            assertThat(section.getText().getDivAsString()).contains("无可用信息");
        });
        CodeableConcept light = (CodeableConcept) composition.getExtensionByUrl(IpsDocuments.LIGHT_EXTENSION).getValue();
        assertThat(light.getCodingFirstRep().getCode()).isEqualTo("green");
        assertThat(bundle.getEntry()).hasSize(2);
    }

    @Test
    void narrativeEscapesWhatSourcesWrote() {
        Composition composition = (Composition) parse(document(RED_RECORD)).getEntryFirstRep().getResource();

        Map<String, SectionComponent> byCode = composition.getSection().stream().collect(Collectors.toMap(
                section -> section.getCode().getCodingFirstRep().getCode(), Function.identity()));
        String medications = byCode.get("10160-0").getText().getDivAsString();
        assertThat(medications).contains("&lt;script&gt;").doesNotContain("<script").contains("华法林钠片")
                .contains("苯磺酸氨氯地平片");
        assertThat(byCode.get("11450-4").getText().getDivAsString()).contains("原发性高血压 &amp; 高血压");
        assertThat(byCode.get("30954-2").getText().getDivAsString()).contains("O型 Rh阳性");
        assertThat(byCode.get("46264-8").getText().getDivAsString()).contains("药物洗脱冠状动脉支架置入");
    }

    @Test
    void aPersonWithoutAReadablePatientGetsADocumentWithoutSubject() {
        Bundle bundle = parse(document(List.of(stored("Patient", "p-bad", 1, "{not json"),
                stored("Condition", "c-1", 900, condition("c-1", "active", "I10", "原发性高血压", "2018-05-20")))));

        Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
        assertThat(composition.hasSubject()).isFalse();
        assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType())
                .containsExactly("Composition", "Condition");
    }

    /** Every resident of a small synthetic city gets a document HAPI reads, with every reference resolving. */
    @Test
    void documentsOfTheSyntheticCityAreValidBundles() {
        for (ClinicFixtures.Resident resident : ClinicFixtures.syntheticCity(60, 42L)) {
            Bundle bundle = parse(document(resident.resources()));
            Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
                    .collect(Collectors.toSet());
            Composition composition = (Composition) bundle.getEntryFirstRep().getResource();
            assertThat(composition.getSubject().getReference()).isNotNull();
            composition.getSection().stream().flatMap(section -> section.getEntry().stream())
                    .forEach(reference -> assertThat(fullUrls).contains(BASE + "/" + reference.getReference()));
        }
    }

    private byte[] document(List<StoredResource> resources) {
        return documents.document(summaries.summarise(resources), resources, BASE, NOW);
    }

    private static Bundle parse(byte[] json) {
        return FHIR.newJsonParser().parseResource(Bundle.class, new String(json, StandardCharsets.UTF_8));
    }
}
