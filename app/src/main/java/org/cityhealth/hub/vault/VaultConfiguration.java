package org.cityhealth.hub.vault;

import java.io.IOException;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.store.LocalObjectStore;
import org.cityhealth.store.S3ObjectStore;
import org.cityhealth.store.S3Settings;
import org.cityhealth.store.ObjectStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The object store behind the vault and the ledger: a local directory under the data directory by default, or S3. */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObjectStore objectStore(HubSettings settings, ObjectStoreSettings store) throws IOException {
        return switch (store.type()) {
            case "local" -> new LocalObjectStore(settings.dataDirectory().resolve("objects"));
            case "s3" -> new S3ObjectStore(new S3Settings(store.endpoint(), store.region(), store.bucket(), store.prefix(),
                    secret("CITYHEALTH_S3_ACCESS_KEY"), secret("CITYHEALTH_S3_SECRET_KEY"), store.pathStyle()));
            default -> throw new IllegalArgumentException("cityhealth.object-store.type must be local or s3, not " + store.type());
        };
    }

    private static String secret(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            // Tests and embedded deployments may pass it as a system property; files in the repository never hold it.
            value = System.getProperty(variable);
        }
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("cityhealth.object-store.type=s3 needs " + variable + " in the environment");
        }
        return value;
    }
}
