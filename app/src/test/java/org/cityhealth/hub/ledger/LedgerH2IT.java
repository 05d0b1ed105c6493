package org.cityhealth.hub.ledger;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The ledger on the embedded default: H2 and the local object store. */
class LedgerH2IT extends LedgerContract {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ledgerWithWitnesses(registry);
    }
}
