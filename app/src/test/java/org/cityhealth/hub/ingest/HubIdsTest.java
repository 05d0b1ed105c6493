package org.cityhealth.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubIdsTest {

    @Test
    void theSameSourceResourceAlwaysGetsTheSameIdAndOthersDoNot() {
        assertThat(HubIds.forSource("H001", "Patient", "123")).isEqualTo(HubIds.forSource("H001", "Patient", "123"));
        assertThat(HubIds.forSource("H001", "Patient", "123")).isNotEqualTo(HubIds.forSource("H002", "Patient", "123"));
        assertThat(HubIds.forSource("H001", "Patient", "123")).isNotEqualTo(HubIds.forSource("H001", "Encounter", "123"));
        // the separator keeps ("H0", "01Patient") and ("H001", "Patient") apart
        assertThat(HubIds.forSource("H0", "01Patient", "1")).isNotEqualTo(HubIds.forSource("H001", "Patient", "1"));
    }

    @Test
    void everyIdIsAValidFhirIdOf26Characters() {
        qt().forAll(strings().allPossible().ofLengthBetween(0, 80)).checkAssert(sourceId -> {
            String id = HubIds.forSource("S", "Observation", sourceId);
            assertThat(id).hasSize(26).matches("[a-z2-7]{26}");
            assertThat(HubIds.FHIR_ID.matcher(id).matches()).isTrue();
        });
    }

    @Test
    void randomIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(ids.add(HubIds.random())).isTrue();
        }
    }
}
