package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The noise is in every output — bundles, NDJSON, the cheap Patient view — and the ground truth files say so. */
class IdentityNoiseExportTest {

    /** Loud noise on a small city with a short history, so that every kind shows up in a quick export. */
    private static final CitySpec LOUD = CitySpec.ofResidents(1_200, 31)
            .withHistory(LocalDate.of(2024, 7, 1), LocalDate.of(2026, 6, 30)).withResidentsPerBundle(4)
            .withIdentityNoise(new IdentityNoise(0.2, 0.2, 0.1, 0.1, 0.3, 0.2, 0.2));

    @Test
    void bundlesCarryThePatientsOfTheCheapViewAndEveryKindOfNoise() {
        CityGenerator city = new CityGenerator(LOUD);
        Map<String, String> cheap = patients(city);
        Map<String, SourceRecordTruth> truth = records(city);
        Set<NoiseKind> seen = EnumSet.noneOf(NoiseKind.class);
        int patients = 0;
        int deceased = 0;
        Iterator<GeneratedBundle> bundles = city.bundles();
        while (bundles.hasNext()) {
            for (JsonNode entry : FhirTestSupport.parse(bundles.next().json()).path("entry")) {
                JsonNode resource = entry.path("resource");
                if (!resource.path("resourceType").asText().equals("Patient")) {
                    continue;
                }
                patients++;
                String id = resource.path("id").asText();
                deceased += withoutDeath(resource) ? 1 : 0;
                // Inside a bundle the Organization is referred to by its full URL; otherwise the Patient is the same.
                ObjectNode organization = (ObjectNode) resource.path("managingOrganization");
                organization.put("reference", organization.path("reference").asText()
                        .replace("urn:uuid:", "Organization/"));
                assertThat(resource).as(id).isEqualTo(FhirTestSupport.parse(cheap.get(id)));
                seen.addAll(truth.get(id).noise());
            }
        }
        assertThat(patients).isEqualTo(cheap.size()).isEqualTo(truth.size());
        assertThat(deceased).as("some residents die, which only the history knows").isPositive();
        assertThat(seen).containsExactlyInAnyOrder(NoiseKind.values());
    }

    @Test
    void ndjsonPatientsAreTheLinesOfTheCheapViewAndTheCsvCarriesTheTruth(@TempDir Path dir) throws IOException {
        CityGenerator city = new CityGenerator(LOUD);
        city.writeNdjson(dir, false);
        Map<String, String> cheap = patients(city);
        int lines = 0;
        int identical = 0;
        try (var sources = Files.list(dir)) {
            for (Path source : (Iterable<Path>) sources.filter(Files::isDirectory)::iterator) {
                for (String line : Files.readAllLines(source.resolve("Patient.ndjson"))) {
                    lines++;
                    JsonNode resource = FhirTestSupport.parse(line);
                    String id = resource.path("id").asText();
                    if (line.equals(cheap.get(id))) {
                        identical++;
                    } else {
                        // Only the death differs: the cheap view does not generate histories.
                        assertThat(withoutDeath(resource)).as(line).isTrue();
                        assertThat(resource).isEqualTo(FhirTestSupport.parse(cheap.get(id)));
                    }
                }
            }
        }
        assertThat(lines).isEqualTo(cheap.size());
        assertThat(identical).isGreaterThan(lines * 9 / 10);

        List<String> csv = Files.readAllLines(dir.resolve("residents.csv"));
        assertThat(csv.getFirst()).isEqualTo("index,residentId,sourceCode,sourcePatientId,twinOf,residentIdSent,noise");
        int row = 0;
        Iterator<ResidentTruth> truths = city.residents();
        while (truths.hasNext()) {
            ResidentTruth t = truths.next();
            for (var e : t.sourceRecords().entrySet()) {
                StringJoiner kinds = new StringJoiner("|");
                e.getValue().noise().forEach(k -> kinds.add(k.name()));
                assertThat(csv.get(++row)).isEqualTo(t.index() + "," + t.residentId() + "," + e.getKey() + ","
                        + e.getValue().patientId() + "," + t.twinOf() + "," + e.getValue().carriesResidentId() + ","
                        + kinds);
            }
        }
        assertThat(csv).hasSize(row + 1);
    }

    @Test
    void withoutNoiseTheCheapViewIsStillTheNdjsonPatient(@TempDir Path dir) throws IOException {
        CitySpec clean = CitySpec.ofResidents(300, 8);
        new CityGenerator(clean).writeNdjson(dir, false);
        Map<String, String> cheap = patients(new CityGenerator(clean));
        int lines = 0;
        for (String line : Files.readAllLines(dir.resolve("C001/Patient.ndjson"))) {
            lines++;
            JsonNode resource = FhirTestSupport.parse(line);
            if (!line.equals(cheap.get(resource.path("id").asText()))) {
                assertThat(withoutDeath(resource)).isTrue();
                assertThat(resource).isEqualTo(FhirTestSupport.parse(cheap.get(resource.path("id").asText())));
            }
        }
        assertThat(lines).isPositive();
        assertThat(Files.readAllLines(dir.resolve("residents.csv")).getFirst())
                .isEqualTo("index,residentId,sourceCode,sourcePatientId");
    }

    /** Removes {@code deceasedDateTime}; says whether there was one. */
    private static boolean withoutDeath(JsonNode resource) {
        return ((ObjectNode) resource).remove("deceasedDateTime") != null;
    }

    private static Map<String, String> patients(CityGenerator city) {
        Map<String, String> out = new HashMap<>();
        city.patients().forEachRemaining(p -> assertThat(out.put(p.patientId(), p.json())).isNull());
        return out;
    }

    private static Map<String, SourceRecordTruth> records(CityGenerator city) {
        Map<String, SourceRecordTruth> out = new HashMap<>();
        city.residents().forEachRemaining(t -> t.sourceRecords().values().forEach(r -> out.put(r.patientId(), r)));
        return out;
    }
}
