package org.cityhealth.hub.clinic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.cityhealth.hub.clinic.ClinicFixtures.CLOCK;
import static org.cityhealth.hub.clinic.ClinicFixtures.NOW;
import static org.cityhealth.hub.clinic.ClinicFixtures.stored;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cityhealth.hub.clinic.EmergencySummary.Contact;
import org.cityhealth.hub.clinic.EmergencySummary.Item;
import org.cityhealth.hub.clinic.EmergencySummary.Item.Kind;
import org.cityhealth.hub.clinic.EmergencySummary.Light;
import org.cityhealth.hub.store.StoredResource;
import org.junit.jupiter.api.Test;

class EmergencySummariesTest {

    private final EmergencySummaries summaries = new EmergencySummaries(CLOCK);

    // ------------------------------------------------------------------ fixtures, shaped as libs/synthetic writes them

    static String patient(String id, String family, String given, String phone, String contacts) {
        return """
                {"resourceType":"Patient","id":"%s",
                 "identifier":[{"use":"official","system":"urn:oid:2.16.156.10011.1.1","value":"330106198503150012"}],
                 "active":true,
                 "name":[{"use":"official","text":"%s%s","family":"%s","given":["%s"]}],
                 "telecom":[{"system":"phone","value":"%s","use":"mobile"}],
                 "gender":"male","birthDate":"1985-03-15",
                 "address":[{"use":"home","text":"浙江省杭州市西湖区文三路90号","city":"杭州市","country":"CN"}],
                 "contact":[%s]}
                """.formatted(id, family, given, family, given, phone, contacts);
    }

    static String medicationRequest(String id, String status, String atc, String name, String authoredOn) {
        return """
                {"resourceType":"MedicationRequest","id":"%s","status":"%s","intent":"order",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/medicationrequest-category",
                   "code":"outpatient","display":"Outpatient"}]}],
                 "medicationCodeableConcept":{"coding":[{"system":"http://www.whocc.no/atc","code":"%s",
                   "display":"%s"}],"text":"%s"},
                 "subject":{"reference":"Patient/p-h1"},
                 "authoredOn":"%s",
                 "dosageInstruction":[{"text":"每次2.5mg，每日1次，口服","doseAndRate":[{"doseQuantity":{"value":2.5,
                   "unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}]}
                """.formatted(id, status, atc, name, name, authoredOn);
    }

    static String medicationStatementWithoutCode(String id, String name) {
        return """
                {"resourceType":"MedicationStatement","id":"%s","status":"active",
                 "medicationCodeableConcept":{"text":"%s"},
                 "subject":{"reference":"Patient/p-h1"},
                 "effectivePeriod":{"start":"2024-02-01"}}
                """.formatted(id, name);
    }

    static String allergy(String id, String verification, String snomed, String substance, String reaction) {
        return """
                {"resourceType":"AllergyIntolerance","id":"%s",
                 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                   "code":"active"}]},
                 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                   "code":"%s"}]},
                 "type":"allergy","category":["medication"],"criticality":"high",
                 "code":{"coding":[{"system":"http://snomed.info/sct","code":"%s","display":"%s"}],"text":"%s"},
                 "patient":{"reference":"Patient/p-h1"},
                 "onsetDateTime":"2019-04-02","recordedDate":"2019-04-02T10:15:00+08:00",
                 "reaction":[{"manifestation":[{"coding":[{"system":"http://snomed.info/sct","code":"39579001",
                   "display":"%s"}],"text":"%s"}],"severity":"severe"}]}
                """.formatted(id, verification, snomed, substance, substance, reaction, reaction);
    }

    static String condition(String id, String status, String icd10, String name, String onset) {
        return """
                {"resourceType":"Condition","id":"%s",
                 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical",
                   "code":"%s"}]},
                 "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status",
                   "code":"confirmed"}]},
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category",
                   "code":"problem-list-item","display":"Problem List Item"}]}],
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"%s","display":"%s"}],"text":"%s"},
                 "subject":{"reference":"Patient/p-h1"},
                 "onsetDateTime":"%s","recordedDate":"%sT09:30:00+08:00"}
                """.formatted(id, status, icd10, name, name, onset, onset);
    }

    static String procedure(String id, String icd9cm, String name, String start) {
        return """
                {"resourceType":"Procedure","id":"%s","status":"completed",
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-9-cm","code":"%s","display":"%s"}],"text":"%s"},
                 "subject":{"reference":"Patient/p-h1"},
                 "performedPeriod":{"start":"%sT08:00:00+08:00","end":"%sT09:30:00+08:00"}}
                """.formatted(id, icd9cm, name, name, start, start);
    }

    static String observation(String id, String loinc, String name, String valueCode, String value) {
        return """
                {"resourceType":"Observation","id":"%s","status":"final",
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category",
                   "code":"laboratory","display":"Laboratory"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"%s","display":"%s"}],"text":"%s"},
                 "subject":{"reference":"Patient/p-h1"},
                 "effectiveDateTime":"2021-07-01T08:00:00+08:00",
                 "valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"%s","display":"%s"}],"text":"%s"}}
                """.formatted(id, loinc, name, name, valueCode, value, value);
    }

    static String emergencyContact(String name, String relationship, String phone) {
        return """
                {"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"C",
                   "display":"Emergency Contact"}]},{"text":"%s"}],
                 "name":{"text":"%s"},"telecom":[{"system":"phone","value":"%s"}]}
                """.formatted(relationship, name, phone);
    }

    private static StoredResource zhangWei() {
        return stored("Patient", "p-h1", 30, patient("p-h1", "张", "伟", "13800138000", ""));
    }

    // ------------------------------------------------------------------ the traffic light

    @Test
    void warfarinMakesThePatientRed() {
        EmergencySummary summary = summaries.summarise(List.of(zhangWei(),
                stored("MedicationRequest", "mr-1", 20, medicationRequest("mr-1", "active", "B01AA03", "华法林钠片",
                        "2026-06-10T09:05:00+08:00"))));

        assertThat(summary.light()).isEqualTo(Light.RED);
        assertThat(summary.red()).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo(Kind.HIGH_RISK_DRUG);
            assertThat(item.text()).isEqualTo("华法林钠片");
            assertThat(item.code()).isEqualTo("B01AA03");
            assertThat(item.system()).isEqualTo("http://www.whocc.no/atc");
            assertThat(item.date()).isEqualTo(LocalDate.of(2026, 6, 10));
            assertThat(item.sourceId()).isEqualTo(1L);
            assertThat(item.reference()).isEqualTo("MedicationRequest/mr-1");
        });
        assertThat(summary.amber()).isEmpty();
    }

    @Test
    void recognisesHighRiskDrugsByNameWhenTheyHaveNoAtcCode() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("MedicationStatement", "ms-1", 20, medicationStatementWithoutCode("ms-1", "利伐沙班片 10mg")),
                stored("MedicationStatement", "ms-2", 20, medicationStatementWithoutCode("ms-2", "Insulin glargine")),
                stored("MedicationStatement", "ms-3", 20, medicationStatementWithoutCode("ms-3", "苯磺酸氨氯地平片"))));

        assertThat(summary.red()).extracting(Item::text).containsExactlyInAnyOrder("利伐沙班片 10mg", "Insulin glargine");
        assertThat(summary.red()).extracting(Item::kind).containsOnly(Kind.HIGH_RISK_DRUG);
        assertThat(summary.amber()).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo(Kind.MEDICATION);
            assertThat(item.code()).isNull();
            assertThat(item.date()).isEqualTo(LocalDate.of(2024, 2, 1));
        });
    }

    @Test
    void anAtcCodeDecidesOverTheName() {
        // Metformin is not high-risk even if a source's text mentions insulin resistance.
        EmergencySummary summary = summaries.summarise(List.of(stored("MedicationRequest", "mr-1", 5,
                medicationRequest("mr-1", "active", "A10BA02", "盐酸二甲双胍片（胰岛素抵抗）", "2026-06-01"))));

        assertThat(summary.light()).isEqualTo(Light.AMBER);
        assertThat(summary.amber()).extracting(Item::kind).containsExactly(Kind.MEDICATION);
    }

    @Test
    void anAllergyAloneMakesThePatientRed() {
        EmergencySummary summary = summaries.summarise(List.of(zhangWei(),
                stored("AllergyIntolerance", "ai-1", 400, allergy("ai-1", "confirmed", "764146007", "青霉素类", "过敏性休克"))));

        assertThat(summary.light()).isEqualTo(Light.RED);
        assertThat(summary.red()).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo(Kind.ALLERGY);
            assertThat(item.text()).isEqualTo("青霉素类 (过敏性休克)");
            assertThat(item.code()).isEqualTo("764146007");
            assertThat(item.system()).isEqualTo("http://snomed.info/sct");
            assertThat(item.date()).isEqualTo(LocalDate.of(2019, 4, 2));
        });
    }

    @Test
    void chronicHypertensionAloneIsAmber() {
        EmergencySummary summary = summaries.summarise(List.of(zhangWei(),
                stored("Condition", "c-1", 900, condition("c-1", "active", "I10", "原发性高血压", "2018-05-20"))));

        assertThat(summary.light()).isEqualTo(Light.AMBER);
        assertThat(summary.red()).isEmpty();
        assertThat(summary.amber()).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo(Kind.CHRONIC_CONDITION);
            assertThat(item.text()).isEqualTo("原发性高血压");
            assertThat(item.code()).isEqualTo("I10");
            assertThat(item.system()).isEqualTo("http://hl7.org/fhir/sid/icd-10");
        });
    }

    @Test
    void nothingKnownIsGreen() {
        EmergencySummary summary = summaries.summarise(List.of(zhangWei()));

        assertThat(summary.light()).isEqualTo(Light.GREEN);
        assertThat(summary.red()).isEmpty();
        assertThat(summary.amber()).isEmpty();
        assertThat(summary.patientName()).isEqualTo("张伟");
        assertThat(summary.generatedAt()).isEqualTo(NOW);
    }

    @Test
    void aPersonWithoutRecordsIsGreenAndNameless() {
        EmergencySummary summary = summaries.summarise(List.of());

        assertThat(summary.light()).isEqualTo(Light.GREEN);
        assertThat(summary.patientName()).isNull();
        assertThat(summary.birthDate()).isNull();
        assertThat(summary.bloodType()).isNull();
        assertThat(summary.contacts()).isEmpty();
    }

    @Test
    void criticalConditionsAndImplantsAreRed() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Condition", "c-af", 100, condition("c-af", "active", "I48.9", "心房颤动", "2022-03-01")),
                stored("Condition", "c-old", 100, condition("c-old", "resolved", "I50.9", "心力衰竭", "2020-03-01")),
                stored("Condition", "c-z95", 100, condition("c-z95", "active", "Z95.0", "心脏起搏器状态", "2023-01-10")),
                stored("Procedure", "pr-stent", 1200, procedure("pr-stent", "36.07", "药物洗脱冠状动脉支架置入", "2023-01-05")),
                stored("Device", "d-1", 100, """
                        {"resourceType":"Device","id":"d-1","status":"active",
                         "type":{"coding":[{"system":"http://snomed.info/sct","code":"14106009","display":"Cardiac pacemaker"}],
                           "text":"心脏起搏器"},
                         "patient":{"reference":"Patient/p-h1"}}
                        """),
                stored("Device", "d-2", 100, """
                        {"resourceType":"Device","id":"d-2","status":"inactive","type":{"text":"胰岛素泵"}}
                        """)));

        assertThat(summary.light()).isEqualTo(Light.RED);
        assertThat(summary.red()).extracting(Item::kind, Item::reference).containsExactly(
                tuple(Kind.DEVICE, "Condition/c-z95"),
                tuple(Kind.DEVICE, "Procedure/pr-stent"),
                tuple(Kind.DEVICE, "Device/d-1"),
                tuple(Kind.CRITICAL_CONDITION, "Condition/c-af"));
        assertThat(summary.amber()).isEmpty();
    }

    @Test
    void anOngoingPregnancyAsHospitalsCodeItIsRed() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Condition", "c-1", 30, condition("c-1", "active", "Z34.9", "正常妊娠监督", "2026-03-01"))));

        assertThat(summary.red()).extracting(Item::kind).containsExactly(Kind.CRITICAL_CONDITION);
    }

    @Test
    void aCheckUpLeftActiveDoesNotMakeAPersonAmber() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Condition", "c-1", 3, condition("c-1", "active", "Z00.0", "一般医学检查", "2026-06-27"))));

        assertThat(summary.light()).isEqualTo(Light.GREEN);
    }

    // ------------------------------------------------------------------ what is current, recent and real

    @Test
    void aStoppedOrCompletedMedicationIsNotCurrent() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("MedicationRequest", "mr-1", 20, medicationRequest("mr-1", "stopped", "B01AA03", "华法林钠片",
                        "2025-01-10T09:05:00+08:00")),
                stored("MedicationRequest", "mr-2", 20, medicationRequest("mr-2", "completed", "C08CA01", "苯磺酸氨氯地平片",
                        "2025-01-10T09:05:00+08:00")),
                stored("MedicationRequest", "mr-3", 20, medicationRequest("mr-3", "on-hold", "C10AA05", "阿托伐他汀钙片",
                        "2025-01-10T09:05:00+08:00"))));

        assertThat(summary.red()).isEmpty();
        assertThat(summary.amber()).extracting(Item::reference).containsExactly("MedicationRequest/mr-3");
    }

    @Test
    void aRefutedAllergyIsIgnored() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("AllergyIntolerance", "ai-1", 10, allergy("ai-1", "refuted", "764146007", "青霉素类", "皮疹")),
                stored("AllergyIntolerance", "ai-2", 10, allergy("ai-2", "confirmed", "716186003", "无已知过敏", "无"))));

        assertThat(summary.light()).isEqualTo(Light.GREEN);
    }

    @Test
    void aSurgeryTwoYearsAgoIsNotRecent() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Procedure", "pr-old", 700, procedure("pr-old", "47.01", "腹腔镜下阑尾切除术", "2024-06-01")),
                stored("Procedure", "pr-new", 60, procedure("pr-new", "51.23", "腹腔镜下胆囊切除术", "2026-04-28"))));

        assertThat(summary.light()).isEqualTo(Light.AMBER);
        assertThat(summary.amber()).singleElement().satisfies(item -> {
            assertThat(item.kind()).isEqualTo(Kind.RECENT_SURGERY);
            assertThat(item.reference()).isEqualTo("Procedure/pr-new");
            assertThat(item.date()).isEqualTo(LocalDate.of(2026, 4, 28));
            assertThat(item.system()).isEqualTo("http://hl7.org/fhir/sid/icd-9-cm");
        });
    }

    @Test
    void theSameDrugFromTwoSourcesIsOneItemTheNewest() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("MedicationRequest", "mr-clinic", 40, 2, medicationRequest("mr-clinic", "active", "C08CA01",
                        "苯磺酸氨氯地平片", "2026-05-20T10:00:00+08:00")),
                stored("MedicationRequest", "mr-hospital", 50, 1, medicationRequest("mr-hospital", "active", "C08CA01",
                        "苯磺酸氨氯地平片", "2026-06-15T10:00:00+08:00")),
                stored("Condition", "c-1", 900, condition("c-1", "active", "I10", "原发性高血压", "2018-05-20")),
                stored("Condition", "c-2", 800, 2, condition("c-2", "active", "I10", "原发性高血压", "2018-05-20"))));

        assertThat(summary.amber()).extracting(Item::reference)
                .containsExactly("Condition/c-2", "MedicationRequest/mr-hospital");
    }

    // ------------------------------------------------------------------ blood group, patient and contacts

    @Test
    void bloodTypeFromTheCombinedAboAndRhResult() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Observation", "o-1", 300, observation("o-1", "882-1", "ABO and Rh group", "LA21321-8", "A Rh+")),
                stored("Observation", "o-2", 10, """
                        {"resourceType":"Observation","id":"o-2","status":"final",
                         "code":{"coding":[{"system":"http://loinc.org","code":"718-7","display":"血红蛋白"}]},
                         "valueQuantity":{"value":138,"unit":"g/L"}}
                        """)));

        assertThat(summary.bloodType()).isEqualTo("A Rh+");
        assertThat(summary.light()).isEqualTo(Light.GREEN);
    }

    @Test
    void bloodTypeFromSeparateAboAndRhResultsAsOurLaboratoriesReportIt() {
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Observation", "o-abo", 300, observation("o-abo", "883-9", "ABO血型", "LA19708-9", "O型")),
                stored("Observation", "o-rh", 300, observation("o-rh", "10331-7", "Rh血型", "LA6576-8", "Rh阳性"))));

        assertThat(summary.bloodType()).isEqualTo("O型 Rh阳性");
    }

    @Test
    void demographicsAndEmergencyContact() {
        String contacts = emergencyContact("李娜", "配偶", "13900139000") + ","
                + """
                {"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"I"}]}],
                 "organization":{"display":"中国人寿"},"telecom":[{"system":"phone","value":"95519"}]}
                """;
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Patient", "p-h1", 30, patient("p-h1", "张", "伟", "13800138000", contacts))));

        assertThat(summary.patientName()).isEqualTo("张伟");
        assertThat(summary.gender()).isEqualTo("male");
        assertThat(summary.birthDate()).isEqualTo(LocalDate.of(1985, 3, 15));
        assertThat(summary.contacts()).containsExactly(new Contact("李娜", "Emergency Contact, 配偶", "13900139000"));
    }

    @Test
    void namesWithoutTextAreJoinedAsTheirScriptWritesThem() {
        EmergencySummary chinese = summaries.summarise(List.of(stored("Patient", "p-1", 1, """
                {"resourceType":"Patient","id":"p-1","name":[{"family":"欧阳","given":["娜娜"]}]}
                """)));
        EmergencySummary latin = summaries.summarise(List.of(stored("Patient", "p-2", 1, """
                {"resourceType":"Patient","id":"p-2","name":[{"use":"old","family":"Doe","given":["X"]},
                  {"use":"official","family":"Smith","given":["John","Paul"]}]}
                """)));

        assertThat(chinese.patientName()).isEqualTo("欧阳娜娜");
        assertThat(latin.patientName()).isEqualTo("John Paul Smith");
    }

    @Test
    void twoHospitalsPatientsGiveTheNewestDemographicsAndAllContactsOnce() {
        String spouse = emergencyContact("李娜", "配偶", "139-0013-9000");
        String sameSpouse = emergencyContact("李娜", "妻子", "13900139000");
        String son = """
                {"relationship":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0131","code":"N",
                   "display":"Next-of-Kin"}]}],
                 "name":{"family":"张","given":["小明"]},"telecom":[{"system":"phone","value":"13700137000"}]}
                """;
        StoredResource older = stored("Patient", "p-h1", 400, 1, patient("p-h1", "张", "伟", "13800138000", spouse));
        StoredResource newer = stored("Patient", "p-h2", 5, 2,
                patient("p-h2", "张", "维", "13800138001", sameSpouse + "," + son));

        EmergencySummary summary = summaries.summarise(List.of(older, newer));

        assertThat(summary.patientName()).isEqualTo("张维");
        assertThat(summary.contacts()).containsExactly(
                new Contact("李娜", "Emergency Contact, 妻子", "13900139000"),
                new Contact("张小明", "Next-of-Kin", "13700137000"));
    }

    @Test
    void skipsGarbageAndDeletedResources() {
        StoredResource deleted = new StoredResource("AllergyIntolerance", "ai-9", 2, true, 7L, NOW, 1L, "ai-9", 1L,
                allergy("ai-9", "confirmed", "764146007", "青霉素类", "皮疹").getBytes(StandardCharsets.UTF_8));
        EmergencySummary summary = summaries.summarise(List.of(
                stored("Condition", "c-bad", 1, "{\"resourceType\":\"Condition\",\"code\":{"),
                stored("MedicationRequest", "mr-bad", 1, "[1,2,3]"),
                stored("Observation", "o-bad", 1, "882-1 is not JSON"),
                stored("Patient", "p-bad", 0, "\u0000\u0001"),
                deleted,
                zhangWei(),
                stored("Condition", "c-1", 900, condition("c-1", "active", "I10", "原发性高血压", "2018-05-20"))));

        assertThat(summary.light()).isEqualTo(Light.AMBER);
        assertThat(summary.amber()).extracting(Item::reference).containsExactly("Condition/c-1");
        assertThat(summary.patientName()).isEqualTo("张伟");
    }

    // ------------------------------------------------------------------ the synthetic city

    /**
     * What the synthetic generator really writes is recognised: its anticoagulants and antiplatelets (ATC B01A), its
     * allergies, its chronic diseases and its blood typings, for every resident of a small city.
     */
    @Test
    void recognisesWhatTheSyntheticCityRecords() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        int antithrombotic = 0;
        int allergic = 0;
        int hypertensive = 0;
        int typed = 0;
        for (ClinicFixtures.Resident resident : ClinicFixtures.syntheticCity(150, 20260630L)) {
            EmergencySummary summary = summaries.summarise(resident.resources());
            Set<String> red = codes(summary.red());
            Set<String> amber = codes(summary.amber());
            assertThat(summary.patientName()).isEqualTo(resident.truth().name());
            assertThat(summary.birthDate()).isEqualTo(resident.truth().birthDate());
            assertThat(summary.gender()).isEqualTo(resident.truth().sex());

            List<String> expectedRed = new ArrayList<>();
            boolean hypertension = false;
            boolean bloodTyped = false;
            for (StoredResource resource : resident.resources()) {
                JsonNode body = mapper.readTree(resource.body());
                switch (resource.type()) {
                    case "MedicationRequest" -> {
                        String atc = body.path("medicationCodeableConcept").path("coding").path(0).path("code").asText();
                        if (body.path("status").asText().equals("active") && atc.startsWith("B01A")) {
                            expectedRed.add(Kind.HIGH_RISK_DRUG + "|" + atc);
                        }
                    }
                    case "AllergyIntolerance" -> expectedRed.add(Kind.ALLERGY + "|"
                            + body.path("code").path("coding").path(0).path("code").asText());
                    case "Condition" -> hypertension |= body.path("code").path("coding").path(0).path("code").asText()
                            .equals("I10") && body.path("clinicalStatus").path("coding").path(0).path("code").asText()
                            .equals("active");
                    case "Observation" -> bloodTyped |= body.path("code").path("coding").path(0).path("code").asText()
                            .equals("883-9");
                    default -> {
                    }
                }
            }
            assertThat(red).as("red items of resident %d", resident.truth().index()).containsAll(expectedRed);
            if (hypertension) {
                assertThat(amber).contains(Kind.CHRONIC_CONDITION + "|I10");
                hypertensive++;
            }
            if (bloodTyped) {
                assertThat(summary.bloodType()).matches("(A|B|O|AB)型 Rh(阳|阴)性");
                typed++;
            }
            antithrombotic += expectedRed.stream().anyMatch(code -> code.startsWith(Kind.HIGH_RISK_DRUG.name())) ? 1 : 0;
            allergic += expectedRed.stream().anyMatch(code -> code.startsWith(Kind.ALLERGY.name())) ? 1 : 0;
            assertThat(summary.light()).isEqualTo(!summary.red().isEmpty() ? Light.RED
                    : !summary.amber().isEmpty() ? Light.AMBER : Light.GREEN);
        }
        // The city must have shown each shape at least once, or the test proved nothing.
        assertThat(antithrombotic).isPositive();
        assertThat(allergic).isPositive();
        assertThat(hypertensive).isPositive();
        assertThat(typed).isPositive();
    }

    private static Set<String> codes(List<Item> items) {
        return items.stream().map(item -> item.kind() + "|" + item.code()).collect(Collectors.toSet());
    }
}
