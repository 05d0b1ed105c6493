package org.cityhealth.hub.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may query over DIMSE, and which move destinations the hub accepts at start. */
class ImagingSettingsTest {

    private static ImagingSettings settings(Map<String, String> destinations, Map<String, List<String>> networks) {
        return new ImagingSettings(11112, "CITYHEALTH", Map.of("PACS_H1", "H1"), Duration.ofSeconds(5), destinations, networks);
    }

    @Test
    void aSourceQueriesOnlyFromItsNetworks() throws Exception {
        ImagingSettings settings = settings(Map.of(), Map.of("H1", List.of("10.12.0.0/16", "127.0.0.1")));
        assertThat(settings.mayQueryFrom("H1", InetAddress.getByName("10.12.3.4"))).isTrue();
        assertThat(settings.mayQueryFrom("h1", InetAddress.getByName("127.0.0.1"))).as("codes compare ignoring case").isTrue();
        assertThat(settings.mayQueryFrom("H1", InetAddress.getByName("10.13.0.1"))).isFalse();
        assertThat(settings.mayQueryFrom("H2", InetAddress.getByName("10.12.3.4"))).as("a source without networks may not query").isFalse();
    }

    @Test
    void badNetworksAndDestinationsStopTheStart() {
        assertThatThrownBy(() -> settings(Map.of(), Map.of("H1", List.of("10.12.0.0/99")))).hasMessageContaining("query-networks[H1]");
        assertThatThrownBy(() -> settings(Map.of("PACS_H1", "pacs:99999"), Map.of())).hasMessageContaining("move-destinations[PACS_H1]");
        assertThatThrownBy(() -> settings(Map.of("PACS_H1", "pacs"), Map.of())).hasMessageContaining("host:port");
        assertThat(settings(Map.of("PACS_H1", "10.12.0.5:104"), Map.of()).moveDestination("pacs_h1")).isEqualTo("10.12.0.5:104");
    }
}
