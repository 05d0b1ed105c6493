package org.cityhealth.hub.fhir;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Paging of the FHIR API; defaults documented in application.yml. */
@ConfigurationProperties("cityhealth.fhir")
public record FhirSettings(@DefaultValue("50") int defaultPageSize, @DefaultValue("5000") int maxPageSize) {
}
