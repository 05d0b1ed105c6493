package org.cityhealth.hub.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.cityhealth.hub.store.StoredResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class BundleWriterTest {

    private static StoredResource observation(String id, int version, boolean deleted) {
        String body = "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"text\":\"血糖 \\\"空腹\\\"\"}}";
        return new StoredResource("Observation", id, version, deleted, 7, Instant.parse("2025-01-01T00:00:00Z"), 1, "x", 1,
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesASearchsetThatHapiReadsBack() {
        byte[] json = BundleWriter.write("searchset", 2L,
                List.of(new BundleWriter.Link("self", "http://hub/fhir/Observation?code=a|b&x=\"q\""), new BundleWriter.Link("next", "http://hub/n")),
                List.of(observation("o1", 1, false), observation("o2", 3, false)), "http://hub/fhir", false);
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, new String(json, StandardCharsets.UTF_8));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
        assertThat(bundle.getTotal()).isEqualTo(2);
        assertThat(bundle.getLink("self").getUrl()).endsWith("x=\"q\"");
        assertThat(bundle.getEntry()).hasSize(2);
        assertThat(bundle.getEntry().get(1).getFullUrl()).isEqualTo("http://hub/fhir/Observation/o2");
        assertThat(((Observation) bundle.getEntry().get(0).getResource()).getCode().getText()).isEqualTo("血糖 \"空腹\"");
        assertThat(bundle.getEntry().get(0).getSearch().getMode()).isEqualTo(Bundle.SearchEntryMode.MATCH);
    }

    @Test
    void writesAHistoryWithDeletionsAsRequests() {
        byte[] json = BundleWriter.write("history", null, List.of(), List.of(observation("o1", 2, true), observation("o1", 1, false)),
                "http://hub/fhir", true);
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, new String(json, StandardCharsets.UTF_8));
        assertThat(bundle.getEntry().get(0).hasResource()).isFalse();
        assertThat(bundle.getEntry().get(0).getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.DELETE);
        assertThat(bundle.getEntry().get(1).getResponse().getStatus()).isEqualTo("201 Created");
        assertThat(bundle.getEntry().get(1).getResponse().getEtag()).isEqualTo("W/\"1\"");
    }
}
