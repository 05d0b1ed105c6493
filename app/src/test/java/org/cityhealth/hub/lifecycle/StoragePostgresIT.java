package org.cityhealth.hub.lifecycle;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The storage tiers contract on PostgreSQL; required when CI=true. */
class StoragePostgresIT extends StorageContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
    }
}
