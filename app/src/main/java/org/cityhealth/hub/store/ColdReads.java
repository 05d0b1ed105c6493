package org.cityhealth.hub.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Recalls the persons whose cold records a read needs, synchronously within a budget: one recall per person at a
 * time however many readers ask, and past the budget the reader is told to come back while the recall goes on.
 */
@Component
class ColdReads implements DisposableBean {

    private final TieredStorage tiers;
    private final Duration budget;
    private final Duration keepHot;
    private final ExecutorService workers = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("cold-recall-", 0).daemon().factory());
    private final Map<Long, CompletableFuture<TieredStorage.Move>> inFlight = new ConcurrentHashMap<>();

    ColdReads(TieredStorage tiers, @Value("${cityhealth.storage.recall-budget:2s}") Duration budget,
              @Value("${cityhealth.storage.recall-keep-hot:30d}") Duration keepHot) {
        this.tiers = tiers;
        this.budget = budget;
        this.keepHot = keepHot;
    }

    /** Returns once every person's records are hot, or throws {@link RecallPendingException} when the budget runs out. */
    void ensureHot(Collection<Long> persons) {
        long deadline = System.nanoTime() + budget.toNanos();
        for (long person : persons) {
            CompletableFuture<TieredStorage.Move> recall = inFlight.compute(person, (key, running) -> running != null && !running.isDone()
                    ? running
                    : CompletableFuture.supplyAsync(() -> tiers.recall(key, Instant.now().plus(keepHot), "clinical read of cold records",
                            LedgerEvent.Actor.HUB), workers));
            try {
                recall.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                inFlight.remove(person, recall);
            } catch (TimeoutException e) {
                throw new RecallPendingException(person, "recall started, " + tiers.offHot(person).cold() + " records still cold", 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RecallPendingException(person, "interrupted", 2);
            } catch (ExecutionException e) {
                inFlight.remove(person, recall);
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }
}
