package org.cityhealth.hub.access;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Clinical access on PostgreSQL (127.0.0.1:5432/test, a fresh schema); required when CI=true. */
class ClinicalAccessPostgresIT extends ClinicalAccessContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
    }
}
