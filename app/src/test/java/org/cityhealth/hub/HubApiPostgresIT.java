package org.cityhealth.hub;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The API contract on PostgreSQL (127.0.0.1:5432/test, a fresh schema); required when CI=true. */
class HubApiPostgresIT extends HubApiContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
    }
}
