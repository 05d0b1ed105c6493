package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;

class ResidentIdentityTest {

    @Test
    void residentIdsAreValidUniqueAndAgreeWithSexAndBirthDateAcrossAWholeCity() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(20_000, 11).withHeavyResidents(50));
        Set<String> seen = new HashSet<>();
        int bornElsewhere = 0;
        int children = 0;
        Iterator<ResidentTruth> residents = city.residents();
        while (residents.hasNext()) {
            ResidentTruth r = residents.next();
            ResidentId id = ResidentId.parse(r.residentId()).orElseThrow(() -> new AssertionError("invalid "
                    + r.residentId()));
            assertThat(seen.add(r.residentId())).as("duplicate %s", r.residentId()).isTrue();
            assertThat(id.male()).isEqualTo(r.sex().equals("male"));
            assertThat(id.birthDate()).isEqualTo(r.birthDate());
            assertThat(r.birthDate()).isBetween(LocalDate.of(1926, 6, 30), LocalDate.of(2026, 6, 30));
            if (!id.regionCode().startsWith("3301")) {
                bornElsewhere++;
            }
            if (r.birthDate().isAfter(LocalDate.of(2010, 6, 30))) {
                children++;
            }
        }
        assertThat(seen).hasSize(20_000);
        // About 15% were born outside Hangzhou; about 14% are under sixteen.
        assertThat(bornElsewhere).isBetween(2_200, 3_600);
        assertThat(children).isBetween(1_800, 3_600);
    }

    @Test
    void everyPatientCarriesItsResidentsValidIdUnlessItIsAYoungChild() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(400, 5));
        Map<String, String> idOfPatient = new HashMap<>();
        Iterator<ResidentTruth> truths = city.residents();
        Map<String, ResidentTruth> truthOfPatient = new HashMap<>();
        while (truths.hasNext()) {
            ResidentTruth t = truths.next();
            t.sourcePatientIds().values().forEach(p -> truthOfPatient.put(p, t));
        }
        int withoutId = 0;
        int patients = 0;
        Iterator<GeneratedBundle> bundles = city.bundles();
        while (bundles.hasNext()) {
            for (JsonNode entry : FhirTestSupport.parse(bundles.next().json()).path("entry")) {
                JsonNode resource = entry.path("resource");
                if (!resource.path("resourceType").asText().equals("Patient")) {
                    continue;
                }
                patients++;
                ResidentTruth truth = truthOfPatient.get(resource.path("id").asText());
                assertThat(truth).as("patient %s is in the ground truth", resource.path("id").asText()).isNotNull();
                String residentId = null;
                for (JsonNode identifier : resource.path("identifier")) {
                    if (identifier.path("system").asText().equals("urn:oid:2.16.156.10011.1.1")) {
                        residentId = identifier.path("value").asText();
                        assertThat(identifier.path("type").path("coding").path(0).path("code").asText()).isEqualTo("NNCHN");
                    }
                }
                assertThat(resource.path("gender").asText()).isEqualTo(truth.sex());
                assertThat(resource.path("birthDate").asText()).isEqualTo(truth.birthDate().toString());
                assertThat(resource.path("name").path(0).path("text").asText()).isEqualTo(truth.name());
                if (residentId == null) {
                    withoutId++;
                    assertThat(truth.birthDate()).as("only children lack an ID").isAfter(LocalDate.of(2010, 6, 30));
                } else {
                    assertThat(residentId).isEqualTo(truth.residentId());
                    ResidentId id = ResidentId.parse(residentId).orElseThrow();
                    assertThat(id.male()).isEqualTo(resource.path("gender").asText().equals("male"));
                    idOfPatient.put(resource.path("id").asText(), residentId);
                }
            }
        }
        assertThat(patients).isEqualTo(truthOfPatient.size());
        assertThat(withoutId).isPositive().isLessThan(patients / 10);
    }

    @Test
    void mostResidentsAreKnownToSeveralSourcesUnderDifferentIds() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(2_000, 3));
        int several = 0;
        Set<String> allIds = new HashSet<>();
        int total = 0;
        Iterator<ResidentTruth> residents = city.residents();
        while (residents.hasNext()) {
            Map<String, String> ids = residents.next().sourcePatientIds();
            if (ids.size() >= 2 && new HashSet<>(ids.values()).size() == ids.size()) {
                several++;
            }
            allIds.addAll(ids.values());
            total += ids.size();
        }
        assertThat(several).isEqualTo(2_000);
        assertThat(allIds).as("source patient ids never collide").hasSize(total);
    }

    @Test
    void theIdentityPermutationIsABijection() {
        qt().withExamples(40).forAll(integers().between(1, 5_000), longs().all()).checkAssert((domain, key) -> {
            boolean[] hit = new boolean[domain];
            for (int i = 0; i < domain; i++) {
                long p = IdentityPlan.permute(i, domain, key);
                assertThat(p).isBetween(0L, domain - 1L);
                assertThat(hit[(int) p]).isFalse();
                hit[(int) p] = true;
            }
        });
    }
}
