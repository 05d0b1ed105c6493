package org.cityhealth.hub.ingest;

import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a unit of ingest in a transaction and retries it when a concurrent writer got there first: two
 * submissions creating the same resource (a conditional create, or a new version of one resource) race
 * on the primary key; the loser rolls back and, retried, finds the winner's row and matches or versions it.
 * Transient failures (lock timeouts, deadlocks, H2's "concurrent update" on an upsert) are retried too.
 */
final class ConflictRetry {

    /** Conflicts come from a handful of concurrent senders; more attempts than this means something else is wrong. */
    private static final int ATTEMPTS = 5;

    private ConflictRetry() {
    }

    /** A short, growing, jittered pause, so that the writers that collided do not collide again. */
    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 5 * attempt + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static <T> T inTransaction(TransactionTemplate transactions, Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> work.get());
            } catch (DuplicateKeyException | TransientDataAccessException conflict) {
                if (attempt == ATTEMPTS) {
                    throw conflict;
                }
                pause(attempt);
            }
        }
    }
}
