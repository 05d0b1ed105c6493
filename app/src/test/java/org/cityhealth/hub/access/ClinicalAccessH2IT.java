package org.cityhealth.hub.access;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Clinical access on the embedded default: H2 and the local object store. */
class ClinicalAccessH2IT extends ClinicalAccessContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }
}
