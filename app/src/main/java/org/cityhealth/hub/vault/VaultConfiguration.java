package org.cityhealth.hub.vault;

import java.io.IOException;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.store.LocalObjectStore;
import org.cityhealth.store.ObjectStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The object store behind the vault: a local directory under the data directory by default. */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ObjectStore objectStore(HubSettings settings) throws IOException {
        return new LocalObjectStore(settings.dataDirectory().resolve("objects"));
    }
}
