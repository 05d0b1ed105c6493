package org.cityhealth.hub;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * FHIR R4 support shared by ingest and the FHIR API. The HAPI context is expensive to build and
 * thread-safe, so there is one; {@link FhirJson} is the strict JSON mapper for resource bodies.
 */
@Configuration(proxyBeanMethods = false)
public class FhirConfiguration {

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4Cached();
    }

    @Bean
    FhirJson fhirJson(FhirContext context) {
        ObjectMapper mapper = JsonMapper.builder()
                // A resource with a repeated property is malformed FHIR: which value would a reader believe?
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        return new FhirJson(mapper, Set.copyOf(context.getResourceTypes()), context);
    }

    /** The JSON mapper for FHIR bodies, the set of R4 resource type names and the HAPI context for XML and reads. */
    public record FhirJson(ObjectMapper mapper, Set<String> resourceTypes, FhirContext context) {
        public boolean isResourceType(String name) {
            return resourceTypes.contains(name);
        }
    }
}
