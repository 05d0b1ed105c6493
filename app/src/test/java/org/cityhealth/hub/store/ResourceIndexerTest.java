package org.cityhealth.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceIndexerTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private JsonNode json(String text) throws Exception {
        return mapper.readTree(text);
    }

    @Test
    void indexesAnObservationsCodeCategoryDateStatusAndPatient() throws Exception {
        ResourceIndex index = ResourceIndexer.index("Observation", json("""
                {"resourceType":"Observation","status":"final","subject":{"reference":"Patient/p1"},
                 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"85354-9"},{"system":"urn:local","code":"BP"}]},
                 "identifier":[{"system":"urn:lab","value":"L-1"}],
                 "effectivePeriod":{"start":"2025-01-01T08:00:00+08:00","end":"2025-01-01T09:00:00+08:00"}}"""));
        assertThat(index.patientReference()).isEqualTo("Patient/p1");
        assertThat(index.status()).isEqualTo("final");
        assertThat(index.dateLow()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(index.dateHigh()).isEqualTo(Instant.parse("2025-01-01T01:00:01Z"));
        assertThat(index.tokens()).containsExactlyInAnyOrder(
                new TokenIndex("code", "http://loinc.org", "85354-9"), new TokenIndex("code", "urn:local", "BP"),
                new TokenIndex("category", "http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs"),
                new TokenIndex("identifier", "urn:lab", "L-1"));
    }

    @Test
    void indexesADocumentsDescriptionAndPlainTextAttachmentsForContentSearch() throws Exception {
        String gbText = java.util.Base64.getEncoder().encodeToString("心电图正常".getBytes(java.nio.charset.Charset.forName("GB18030")));
        String utf8Text = java.util.Base64.getEncoder().encodeToString("总检结论：血压偏高".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ResourceIndex index = ResourceIndexer.index("DocumentReference", json("""
                {"resourceType":"DocumentReference","status":"current","subject":{"reference":"Patient/p1"},"description":"体检报告",
                 "content":[{"attachment":{"contentType":"application/pdf","data":"JVBERi0xLjQK"}},
                            {"attachment":{"contentType":"text/plain; charset=GB18030","data":"%s"}},
                            {"attachment":{"contentType":"text/plain","data":"%s"}}]}""".formatted(gbText, utf8Text)));
        assertThat(index.tokens()).filteredOn(token -> token.param().equals(ContentTerms.PARAM)).extracting(TokenIndex::code)
                .contains("体检", "心电", "正常", "血压", "偏高").doesNotContain("jvberi0xljqk");
        assertThat(ResourceIndexer.index("Observation", json("""
                {"resourceType":"Observation","status":"final","subject":{"reference":"Patient/p1"},"valueString":"血压偏高"}"""))
                .tokens()).noneMatch(token -> token.param().equals(ContentTerms.PARAM));
    }

    @Test
    void usesClinicalStatusForConditionsAndModalityForImaging() throws Exception {
        assertThat(ResourceIndexer.index("Condition", json("""
                {"resourceType":"Condition","clinicalStatus":{"coding":[{"code":"active"}]},"patient":{"reference":"Patient/x"},
                 "subject":{"reference":"Patient/p2"},"onsetDateTime":"2020"}""")).status()).isEqualTo("active");
        ResourceIndex imaging = ResourceIndexer.index("ImagingStudy", json("""
                {"resourceType":"ImagingStudy","status":"available","subject":{"reference":"Patient/p"},"started":"2021-03-04",
                 "series":[{"modality":{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}},{"modality":{"code":"MR"}}]}"""));
        assertThat(imaging.tokens()).extracting(TokenIndex::code).containsExactlyInAnyOrder("CT", "MR");
    }

    @Test
    void aPatientIsItsOwnPatientAndIndexesGender() throws Exception {
        ResourceIndex patient = ResourceIndexer.index("Patient", json("{\"resourceType\":\"Patient\",\"gender\":\"female\",\"birthDate\":\"1960-05-01\"}"));
        assertThat(patient.patientReference()).isNull();
        assertThat(patient.tokens()).contains(new TokenIndex("gender", "http://hl7.org/fhir/administrative-gender", "female"));
        assertThat(patient.dateLow()).isNotNull();
    }

    @Test
    void namesTheElementOfAMalformedDate() {
        assertThatThrownBy(() -> ResourceIndexer.index("Encounter", json("{\"period\":{\"start\":\"last week\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Encounter.period");
    }
}
