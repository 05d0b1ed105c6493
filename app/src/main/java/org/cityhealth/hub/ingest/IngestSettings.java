package org.cityhealth.hub.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Limits of ingest; defaults documented in application.yml. */
@ConfigurationProperties("cityhealth.ingest")
public record IngestSettings(@DefaultValue("67108864") long maxPayloadBytes,
                             @DefaultValue("17179869184") long maxBulkBytes,
                             @DefaultValue("68719476736") long maxInflatedBytes,
                             @DefaultValue("200") int maxInflationRatio,
                             @DefaultValue("1000") int bulkChunkSize) {
}
