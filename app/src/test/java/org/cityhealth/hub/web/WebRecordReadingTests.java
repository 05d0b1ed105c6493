package org.cityhealth.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cityhealth.hub.store.StoredResource;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** How resources become timeline entries, summaries and demographics: no Spring, just JSON in and view models out. */
class WebRecordReadingTests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Labels ZH = labels(Locale.SIMPLIFIED_CHINESE);
    private static final Labels EN = labels(Locale.ENGLISH);

    @Test
    void anObservationShowsItsTestValueUnitTimeAndInterpretation() throws Exception {
        ClinicalEntry entry = entry("Observation", 1, """
                {"resourceType":"Observation","code":{"coding":[{"code":"4548-4","display":"HbA1c"}]},
                 "effectiveDateTime":"2025-01-10T09:10:00+08:00","valueQuantity":{"value":7.20,"unit":"%"},
                 "interpretation":[{"coding":[{"code":"H"}]}]}""", ZH);
        assertThat(entry.title()).isEqualTo("HbA1c");
        assertThat(entry.detail()).isEqualTo("7.2 %");
        assertThat(entry.date()).isEqualTo(LocalDate.of(2025, 1, 10));
        assertThat(entry.time()).isEqualTo("09:10");
        assertThat(entry.status()).isEqualTo("偏高");
        assertThat(entry.flag()).isEqualTo("warn");
        assertThat(entry.typeLabel()).isEqualTo("检验检查");
    }

    @Test
    void bloodPressureComponentsShareTheirUnit() throws Exception {
        ClinicalEntry entry = entry("Observation", 1, """
                {"resourceType":"Observation","code":{"text":"血压"},"effectiveDateTime":"2025-02-18",
                 "component":[{"code":{"text":"收缩压"},"valueQuantity":{"value":146,"unit":"mmHg"}},
                              {"code":{"text":"舒张压"},"valueQuantity":{"value":88,"unit":"mmHg"}}]}""", ZH);
        assertThat(entry.detail()).isEqualTo("146/88 mmHg");
        assertThat(entry.time()).as("a date without a time of day").isNull();
    }

    @Test
    void utcTimesAreShownOnTheCitysClock() throws Exception {
        ClinicalEntry entry = entry("Procedure", 1, """
                {"resourceType":"Procedure","code":{"text":"PCI"},"performedDateTime":"2025-03-03T17:30:00Z"}""", ZH);
        assertThat(entry.date()).isEqualTo(LocalDate.of(2025, 3, 4));
        assertThat(entry.time()).isEqualTo("01:30");
    }

    @Test
    void eachTypeReadsTheFieldsThatSayWhatHappened() throws Exception {
        ClinicalEntry encounter = entry("Encounter", 1, """
                {"resourceType":"Encounter","status":"finished","class":{"code":"IMP"},"type":[{"text":"心内科住院"}],
                 "period":{"start":"2025-03-02T14:00:00+08:00"},"reasonCode":[{"text":"不稳定型心绞痛"}]}""", ZH);
        assertThat(encounter.title()).isEqualTo("住院 · 心内科住院");
        assertThat(encounter.detail()).isEqualTo("不稳定型心绞痛");
        assertThat(encounter.status()).as("finished visits need no badge").isNull();

        ClinicalEntry medication = entry("MedicationRequest", 1, """
                {"resourceType":"MedicationRequest","status":"stopped","medicationCodeableConcept":{"text":"阿卡波糖片 50mg"},
                 "authoredOn":"2024-11-20","dosageInstruction":[{"text":"每日三次"}]}""", EN);
        assertThat(medication.title()).isEqualTo("阿卡波糖片 50mg");
        assertThat(medication.detail()).isEqualTo("每日三次");
        assertThat(medication.status()).isEqualTo("Stopped");
        assertThat(medication.typeLabel()).isEqualTo("Prescription");

        ClinicalEntry imaging = entry("ImagingStudy", 1, """
                {"resourceType":"ImagingStudy","modality":[{"code":"CT"}],"description":"冠状动脉 CTA",
                 "started":"2025-03-03T10:20:00+08:00","numberOfSeries":4,"numberOfInstances":612}""", ZH);
        assertThat(imaging.title()).isEqualTo("CT · 冠状动脉 CTA");
        assertThat(imaging.detail()).isEqualTo("4 个序列 · 612 幅图像");

        ClinicalEntry report = entry("DiagnosticReport", 1, """
                {"resourceType":"DiagnosticReport","code":{"text":"超声报告"},"issued":"2025-02-14T23:10:00+08:00",
                 "conclusion":"胆囊结石伴胆囊炎。"}""", ZH);
        assertThat(report.detail()).isEqualTo("胆囊结石伴胆囊炎。");
        assertThat(report.date()).isEqualTo(LocalDate.of(2025, 2, 14));

        ClinicalEntry vaccine = entry("Immunization", 1, """
                {"resourceType":"Immunization","status":"completed","vaccineCode":{"text":"乙肝疫苗"},
                 "occurrenceDateTime":"2025-01-06","lotNumber":"HB2411002","protocolApplied":[{"doseNumberPositiveInt":3}]}""", ZH);
        assertThat(vaccine.detail()).isEqualTo("第 3 剂 · 批号 HB2411002");
    }

    @Test
    void aResourceWithAlmostNothingStillBecomesAnEntry() throws Exception {
        ClinicalEntry bare = entry("Condition", 1, "{\"resourceType\":\"Condition\"}", ZH);
        assertThat(bare.title()).isEqualTo("诊断");
        assertThat(bare.detail()).isNull();
        assertThat(bare.date()).isNull();
        assertThat(bare.sortKey()).isEqualTo(Long.MIN_VALUE);

        ClinicalEntry odd = entry("CarePlan", 1, """
                {"resourceType":"CarePlan","title":"糖尿病管理计划","period":{"start":"2025-04"},"created":"not a date"}""", ZH);
        assertThat(odd.title()).isEqualTo("糖尿病管理计划");
        assertThat(odd.date()).isEqualTo(LocalDate.of(2025, 4, 1));
    }

    @Test
    void whoAndWhereAreNotTimelineEvents() throws Exception {
        StoredResource patient = stored("Patient", 1, "{\"resourceType\":\"Patient\"}");
        assertThat(ClinicalEntries.of(patient, JSON.readTree(patient.body()), ZH)).isEmpty();
        assertThat(ClinicalEntries.isEvent("Organization")).isFalse();
        assertThat(ClinicalEntries.isEvent("Observation")).isTrue();
    }

    @Test
    void demographicsComeFromTheOfficialNameAndAreMasked() throws Exception {
        JsonNode patient = JSON.readTree("""
                {"resourceType":"Patient","gender":"female","birthDate":"1949-12-31",
                 "name":[{"use":"nickname","text":"王阿姨"},{"use":"official","family":"王","given":["秀英"]}],
                 "identifier":[{"system":"urn:cityhealth:source:H001:mrn","value":"MRN-1"},
                               {"system":"urn:oid:2.16.156.10011.1.1","value":"11010519491231002x"}]}""");
        Demographics demographics = Demographics.of(patient, LocalDate.of(2025, 12, 30));
        assertThat(demographics.name()).isEqualTo("王秀英");
        assertThat(demographics.gender()).isEqualTo("female");
        assertThat(demographics.age()).isEqualTo(75);
        assertThat(demographics.residentMasked()).isEqualTo("1101**********002X");
        assertThat(demographics.deceased()).isFalse();

        assertThat(Demographics.name(JSON.readTree("{\"name\":[{\"family\":\"Smith\",\"given\":[\"Anna\",\"Maria\"]}]}")))
                .isEqualTo("Anna Maria Smith");
        Demographics nothing = Demographics.of(JSON.readTree("{\"resourceType\":\"Patient\",\"birthDate\":\"19xx\"}"), LocalDate.now());
        assertThat(nothing.name()).isNull();
        assertThat(nothing.birthDate()).isNull();
        assertThat(nothing.residentMasked()).isNull();
    }

    @Test
    void theTimelineHasALanePerSourceAndARowPerDayNewestFirst() throws Exception {
        ClinicalEntry a1 = entry("Observation", 1, obs("A", "2025-01-10T09:10:00+08:00"), ZH);
        ClinicalEntry a2 = entry("Observation", 1, obs("B", "2025-01-10T10:00:00+08:00"), ZH);
        ClinicalEntry b1 = entry("Observation", 2, obs("C", "2025-01-10T08:00:00+08:00"), ZH);
        ClinicalEntry b2 = entry("Observation", 2, obs("D", "2024-11-20"), ZH);
        ClinicalEntry undated = entry("Observation", 3, "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"E\"}}", ZH);
        List<PersonTimeline.Lane> known = List.of(new PersonTimeline.Lane(2, "H002", "二院", 0), new PersonTimeline.Lane(1, "H001", "一院", 0));

        PersonTimeline timeline = PersonTimeline.of(List.of(a1, b2, undated, b1, a2), known,
                Map.of(3L, new PersonTimeline.Lane(3, "C003", "社区", 0)));

        assertThat(timeline.lanes()).extracting(PersonTimeline.Lane::code).containsExactly("H002", "H001", "C003");
        assertThat(timeline.lanes()).extracting(PersonTimeline.Lane::entries).containsExactly(2, 2, 1);
        assertThat(timeline.rows()).extracting(PersonTimeline.Row::date)
                .containsExactly(LocalDate.of(2025, 1, 10), LocalDate.of(2024, 11, 20), null);
        PersonTimeline.Row day = timeline.rows().getFirst();
        assertThat(day.cells().get(0)).extracting(ClinicalEntry::title).containsExactly("C");
        assertThat(day.cells().get(1)).extracting(ClinicalEntry::title).containsExactly("B", "A");
        assertThat(day.cells().get(2)).isEmpty();
        assertThat(timeline.rows().getLast().cells().get(2)).extracting(ClinicalEntry::title).containsExactly("E");
    }

    @Test
    void theSummaryMergesWhatSeveralSourcesReportAndLeavesOutWhatIsOver() throws Exception {
        ClinicalEntry diabetesH1 = entry("Condition", 1, condition("2型糖尿病", "active", "2016-09-12"), ZH);
        ClinicalEntry diabetesH2 = entry("Condition", 2, condition("2型糖尿病", "active", "2018-01-01"), ZH);
        ClinicalEntry bronchitis = entry("Condition", 1, condition("急性支气管炎", "resolved", "2023-11-02"), ZH);
        ClinicalEntry stopped = entry("MedicationRequest", 2, """
                {"resourceType":"MedicationRequest","status":"stopped","medicationCodeableConcept":{"text":"阿卡波糖"}}""", ZH);
        ClinicalEntry taking = entry("MedicationRequest", 1, """
                {"resourceType":"MedicationRequest","status":"active","medicationCodeableConcept":{"text":"二甲双胍"},
                 "dosageInstruction":[{"text":"每日两次"}]}""", ZH);
        ClinicalEntry allergy = entry("AllergyIntolerance", 1, """
                {"resourceType":"AllergyIntolerance","code":{"text":"青霉素"},"criticality":"high",
                 "reaction":[{"manifestation":[{"text":"皮疹"}]}]}""", ZH);

        PersonSummary summary = PersonSummary.of(List.of(diabetesH1, diabetesH2, bronchitis, stopped, taking, allergy),
                Map.of(1L, "H001", 2L, "H002"));

        assertThat(summary.problems()).hasSize(1);
        PersonSummary.Item diabetes = summary.problems().getFirst();
        assertThat(diabetes.title()).isEqualTo("2型糖尿病");
        assertThat(diabetes.since()).isEqualTo(LocalDate.of(2016, 9, 12));
        assertThat(diabetes.sources()).containsExactly("H002", "H001");
        assertThat(summary.medications()).extracting(PersonSummary.Item::title).containsExactly("二甲双胍");
        assertThat(summary.allergies()).extracting(PersonSummary.Item::detail).containsExactly("皮疹 · 高风险");
    }

    private static String obs(String name, String when) {
        return "{\"resourceType\":\"Observation\",\"code\":{\"text\":\"" + name + "\"},\"effectiveDateTime\":\"" + when + "\"}";
    }

    private static String condition(String name, String status, String onset) {
        return """
                {"resourceType":"Condition","code":{"text":"%s"},"clinicalStatus":{"coding":[{"code":"%s"}]},
                 "onsetDateTime":"%s"}""".formatted(name, status, onset);
    }

    private static ClinicalEntry entry(String type, long sourceId, String json, Labels labels) throws Exception {
        StoredResource resource = stored(type, sourceId, json);
        return ClinicalEntries.of(resource, JSON.readTree(resource.body()), labels).orElseThrow();
    }

    private static StoredResource stored(String type, long sourceId, String json) {
        return new StoredResource(type, type.toLowerCase() + "-" + json.hashCode(), 1, false, 1L, Instant.now(), sourceId,
                "src-1", 1L, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Labels labels(Locale locale) {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return new Labels(messages, locale);
    }
}
