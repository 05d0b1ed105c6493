package org.cityhealth.hub.feeds.vitals;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link VitalsFeedContract} on PostgreSQL. */
class VitalsFeedPostgresIT extends VitalsFeedContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
    }
}
