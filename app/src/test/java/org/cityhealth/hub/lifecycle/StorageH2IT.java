package org.cityhealth.hub.lifecycle;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The storage tiers contract on H2. */
class StorageH2IT extends StorageContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }
}
