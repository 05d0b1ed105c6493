package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every bundle is a well-formed, self-contained FHIR transaction that a server can apply as it is. */
class BundleIntegrityTest {

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Test
    void everyReferenceResolvesInsideItsBundle() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(300,
                8).withResidentsPerBundle(3).withHeavyResidents(1));
        Map<String, String> sourceNames = new HashMap<>();
        city.sources().forEach(s -> sourceNames.put(s.code(), s.name()));
        Map<String, Integer> typesSeen = new HashMap<>();
        Set<String> fullUrlsAcrossBundles = new HashSet<>();
        int bundles = 0;
        Iterator<GeneratedBundle> it = city.bundles();
        while (it.hasNext()) {
            GeneratedBundle generated = it.next();
            bundles++;
            JsonNode bundle = FhirTestSupport.parse(generated.json());
            assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
            assertThat(bundle.path("type").asText()).isEqualTo("transaction");
            JsonNode entries = bundle.path("entry");
            assertThat(entries.size()).isEqualTo(generated.resourceCount());

            Set<String> fullUrls = new HashSet<>();
            Set<String> patients = new HashSet<>();
            String organization = null;
            for (JsonNode entry : entries) {
                JsonNode resource = entry.path("resource");
                String type = resource.path("resourceType").asText();
                String id = resource.path("id").asText();
                JsonNode request = entry.path("request");
                typesSeen.merge(type, 1, Integer::sum);
                if (type.equals("Patient")) {
                    assertThat(request.path("method").asText()).isEqualTo("PUT");
                    assertThat(request.path("url").asText()).isEqualTo("Patient/" + id);
                    assertThat(id).startsWith(generated.sourceCode());
                    assertThat(patients.add("Patient/" + id)).as("one Patient entry per resident").isTrue();
                    continue;
                }
                assertThat(request.path("method").asText()).isEqualTo("POST");
                assertThat(request.path("url").asText()).isEqualTo(type);
                assertThat(id).matches(UUID);
                assertThat(entry.path("fullUrl").asText()).isEqualTo("urn:uuid:" + id);
                assertThat(fullUrls.add(entry.path("fullUrl").asText())).as("duplicate fullUrl").isTrue();
                switch (type) {
                    case "Organization" -> {
                        organization = entry.path("fullUrl").asText();
                        assertThat(request.path("ifNoneExist").asText())
                                .isEqualTo("identifier=urn:cityhealth:source|" + generated.sourceCode());
                        assertThat(resource.path("name").asText()).isEqualTo(sourceNames.get(generated.sourceCode()));
                    }
                    case "Practitioner" -> assertThat(request.path("ifNoneExist").asText())
                            .startsWith("identifier=urn:cityhealth:source:" + generated.sourceCode()
                                    + ":practitioner|");
                    default -> {
                        assertThat(request.has("ifNoneExist")).isFalse();
                        // Clinical resources are new in every bundle: no uuid is ever reused.
                        assertThat(fullUrlsAcrossBundles.add(id)).as("uuid reused: %s", id).isTrue();
                    }
                }
            }
            assertThat(organization).as("the source's Organization is in the bundle").isNotNull();
            assertThat(patients).isNotEmpty();

            for (JsonNode entry : entries) {
                JsonNode resource = entry.path("resource");
                String type = resource.path("resourceType").asText();
                for (String reference : FhirTestSupport.references(resource)) {
                    assertThat(fullUrls.contains(reference) || patients.contains(reference))
                            .as("%s in %s of bundle %s resolves", reference, type, generated.sourceCode()).isTrue();
                }
                if (FhirTestSupport.clinical(type)) {
                    assertThat(FhirTestSupport.patientReference(resource)).as("%s has its patient",
                            type).isIn(patients);
                }
                if (type.equals("Encounter")) {
                    assertThat(resource.path("serviceProvider").path("reference").asText()).isEqualTo(organization);
                    assertThat(resource.path("participant").path(0).path("individual").path("reference").asText())
                            .isIn(fullUrls);
                }
            }
        }
        assertThat(bundles).isGreaterThan(100);
        assertThat(typesSeen.keySet()).contains("Patient", "Organization", "Practitioner", "Encounter", "Condition",
                "Observation", "DiagnosticReport", "MedicationRequest", "MedicationStatement", "AllergyIntolerance",
                "Procedure", "ImagingStudy", "Immunization");
    }

    @Test
    void bundlesHoldTheRequestedNumberOfResidentsForOneSource() {
        CitySpec spec = CitySpec.ofResidents(200, 4).withResidentsPerBundle(5);
        CityGenerator city = new CityGenerator(spec);
        Map<String, Integer> residentsPerSource = new HashMap<>();
        Iterator<ResidentTruth> truths = city.residents();
        while (truths.hasNext()) {
            truths.next().sourcePatientIds().keySet().forEach(code -> residentsPerSource.merge(code, 1, Integer::sum));
        }
        Map<String, Integer> small = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        Iterator<GeneratedBundle> it = city.bundles();
        while (it.hasNext()) {
            GeneratedBundle b = it.next();
            int patients = 0;
            for (JsonNode entry : FhirTestSupport.parse(b.json()).path("entry")) {
                if (entry.path("resource").path("resourceType").asText().equals("Patient")) {
                    patients++;
                    assertThat(entry.path("resource").path("id").asText()).startsWith(b.sourceCode());
                }
            }
            assertThat(patients).isBetween(1, 5);
            if (patients < 5) {
                small.merge(b.sourceCode(), 1, Integer::sum);
            }
            seen.merge(b.sourceCode(), patients, Integer::sum);
        }
        assertThat(seen).isEqualTo(residentsPerSource);
        // Only a source's last bundle may be short.
        assertThat(small.values()).allMatch(n -> n == 1);
    }
}
