package org.cityhealth.hub.feeds.hl7;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The HL7 v2 feed ({@code cityhealth.feeds.hl7}); defaults documented in application.yml.
 *
 * @param mllpPort        MLLP listener port; -1 off, 0 any free port
 * @param allowedNetworks per source code, the CIDRs its MLLP connections may come from; absent or empty: anywhere
 * @param maxMessageBytes an MLLP frame larger than this is refused unread (HTTP has ingest's payload limit)
 * @param idleTimeout     an MLLP connection silent this long is closed
 * @param tls             TLS on the MLLP listener
 * @param gatewaySource   the source under which MLLP messages naming no registered sender are kept as rejected
 */
@ConfigurationProperties("cityhealth.feeds.hl7")
public record Hl7Settings(@DefaultValue("-1") int mllpPort,
                          @DefaultValue Map<String, List<String>> allowedNetworks,
                          @DefaultValue("16777216") int maxMessageBytes,
                          @DefaultValue("10m") Duration idleTimeout,
                          @DefaultValue Tls tls,
                          @DefaultValue("MLLP-GATEWAY") String gatewaySource) {

    public Hl7Settings {
        allowedNetworks = allowedNetworks == null ? Map.of() : Map.copyOf(allowedNetworks);
    }

    /** The MLLP listener's TLS: a PKCS #12 (or JKS) key store holding the hub's key and certificate. */
    public record Tls(@DefaultValue("false") boolean enabled, String keyStore, String keyStorePassword,
                      @DefaultValue("PKCS12") String keyStoreType) {
    }
}
