package org.cityhealth.hub.ledger;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the sequencer when an entry commits, so that integration does not wait for the next poll. */
@Component
class OutboxSignal {

    private final Semaphore pending = new Semaphore(0);

    void committed() {
        if (pending.availablePermits() == 0) {
            pending.release();
        }
    }

    void await(Duration timeout) throws InterruptedException {
        if (pending.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            pending.drainPermits();
        }
    }
}
