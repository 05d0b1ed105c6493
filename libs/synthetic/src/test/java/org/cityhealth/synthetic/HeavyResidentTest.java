package org.cityhealth.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import org.junit.jupiter.api.Test;

class HeavyResidentTest {

    @Test
    void heavyResidentsAreLongTermPatientsWithOneToThreeThousandResources() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(200, 31).withHeavyResidents(6));
        for (int i = 0; i < 6; i++) {
            ResidentChart chart = city.chart(i);
            assertThat(chart.records().size()).as("heavy resident %d", i).isBetween(1_000, 3_000);
            assertThat(chart.death()).isNull();
            assertThat(chart.records()).filteredOn(r -> r instanceof ClinicalRecord.Encounter e
                    && e.encounterClass() == ClinicalRecord.EncounterClass.IMP).hasSizeGreaterThan(5);
        }
        // Ordinary residents stay ordinary.
        int ordinary = 0;
        for (int i = 6; i < 200; i++) {
            ordinary = Math.max(ordinary, city.chart(i).records().size());
        }
        assertThat(ordinary).isLessThan(1_000);
    }

    @Test
    void aHeavyResidentsRecordsReachTheBundlesOfSeveralSources() {
        CityGenerator city = new CityGenerator(CitySpec.ofResidents(100, 31).withHeavyResidents(1));
        ResidentTruth heavy = city.residents().next();
        long resources = 0;
        Iterator<GeneratedBundle> bundles = city.bundles();
        while (bundles.hasNext()) {
            GeneratedBundle b = bundles.next();
            String json = new String(b.json(), java.nio.charset.StandardCharsets.UTF_8);
            if (heavy.sourcePatientIds().values().stream().anyMatch(id -> json.contains("\"Patient/" + id + "\""))) {
                resources += b.resourceCount();
            }
        }
        assertThat(heavy.sourcePatientIds()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(resources).isGreaterThanOrEqualTo(1_000);
    }
}
