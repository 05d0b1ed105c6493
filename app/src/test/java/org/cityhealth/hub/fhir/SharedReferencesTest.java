package org.cityhealth.hub.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedReferencesTest {

    @Test
    void collectsSharedTargetsOnlyOnceAndIgnoresCompartmentResources() {
        SharedReferences references = new SharedReferences();
        references.collect(("{\"resourceType\":\"Encounter\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"serviceProvider\":{\"reference\":\"Organization/o1\"},\"participant\":[{\"individual\":{\"reference\":\"Practitioner/d1\"}}],"
                + "\"location\":[{\"location\":{\"reference\":\"Location/l1/_history/2\"}}],\"basedOn\":[{\"reference\":\"ServiceRequest/s1\"}]}")
                .getBytes(StandardCharsets.UTF_8));
        references.collect("{\"performer\":[{\"reference\":\"Organization/o1\"}],\"note\":[{\"text\":\"\\\"reference\\\":\\\"x\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(references.ids()).containsExactly("o1", "d1");
    }

    @Test
    void aTruncatedBodyEndsTheScanQuietly() {
        SharedReferences references = new SharedReferences();
        references.collect("{\"x\":{\"reference\":\"Organization/o".getBytes(StandardCharsets.UTF_8));
        assertThat(references.ids()).containsExactly("o");
    }
}
