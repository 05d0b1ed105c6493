package org.cityhealth.hub.ledger;

import org.cityhealth.hub.TestDatabases;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ledger on PostgreSQL, where the sequencer's row lock and the outbox run on the production database. */
class LedgerPostgresIT extends LedgerContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.postgres(registry);
        ledgerWithWitnesses(registry);
    }
}
