package org.cityhealth.hub.feeds.hl7;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link Hl7FeedContract} on PostgreSQL. */
class Hl7FeedPostgresIT extends Hl7FeedContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
    }
}
