package org.cityhealth.hub.feeds.hl7;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link Hl7FeedContract} on H2. */
class Hl7FeedH2IT extends Hl7FeedContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }
}
