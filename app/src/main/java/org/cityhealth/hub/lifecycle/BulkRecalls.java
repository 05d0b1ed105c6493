package org.cityhealth.hub.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.TieredStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Recalls a cohort (an approved study's persons) to hot, throttled to a rate so clinical traffic keeps its latency,
 * with progress, and with a time-to-live: each person stays hot until then and the lifecycle cools them afterwards.
 */
@Service
class BulkRecalls implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BulkRecalls.class);
    private static final int MAX_PERSONS = 1_000_000;

    /** A bulk recall's progress. */
    static final class Job {
        private static final AtomicLong IDS = new AtomicLong();
        final long id = IDS.incrementAndGet();
        final String purpose;
        final String requestedBy;
        final int persons;
        final double ratePerSecond;
        final Instant hotUntil;
        final Instant startedAt = Instant.now();
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicLong records = new AtomicLong();
        volatile Instant finishedAt;
        volatile boolean cancelled;

        Job(String purpose, String requestedBy, int persons, double ratePerSecond, Instant hotUntil) {
            this.purpose = purpose;
            this.requestedBy = requestedBy;
            this.persons = persons;
            this.ratePerSecond = ratePerSecond;
            this.hotUntil = hotUntil;
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("purpose", purpose);
            view.put("requestedBy", requestedBy);
            view.put("state", cancelled ? "CANCELLED" : finishedAt == null ? "RUNNING" : "DONE");
            view.put("persons", persons);
            view.put("done", done.get());
            view.put("failed", failed.get());
            view.put("records", records.get());
            view.put("progress", persons == 0 ? 1.0 : (double) done.get() / persons);
            view.put("ratePerSecond", ratePerSecond);
            view.put("hotUntil", hotUntil.toString());
            view.put("startedAt", startedAt.toString());
            view.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
            return view;
        }
    }

    private final TieredStorage tiers;
    private final JdbcTemplate jdbc;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("bulk-recall").daemon().factory());
    private final Deque<Job> jobs = new ConcurrentLinkedDeque<>();

    BulkRecalls(TieredStorage tiers, JdbcTemplate jdbc) {
        this.tiers = tiers;
        this.jdbc = jdbc;
    }

    /** Queues the recall; throws {@link IllegalArgumentException} on bad input, {@link Retention.UnknownPerson} naming an unknown person. */
    Job start(List<Long> persons, String purpose, Duration ttl, double ratePerSecond, LedgerEvent.Actor actor) {
        if (persons == null || persons.isEmpty() || persons.size() > MAX_PERSONS) {
            throw new IllegalArgumentException("persons must list 1 to " + MAX_PERSONS + " person keys");
        }
        if (purpose == null || purpose.isBlank()) {
            throw new IllegalArgumentException("purpose is required (e.g. the study and its approval)");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("ttl must be between 1 second and 366 days");
        }
        if (!(ratePerSecond > 0) || ratePerSecond > 10_000) {
            throw new IllegalArgumentException("ratePerSecond must be between 0 and 10000");
        }
        List<Long> unique = persons.stream().distinct().toList();
        for (int start = 0; start < unique.size(); start += 500) {
            List<Long> chunk = unique.subList(start, Math.min(unique.size(), start + 500));
            List<Long> known = jdbc.queryForList("select person_key from person where purged_at is null and person_key in ("
                    + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")", Long.class, chunk.toArray());
            for (Long person : chunk) {
                if (!known.contains(person)) {
                    throw new Retention.UnknownPerson(person);
                }
            }
        }
        Job job = new Job(purpose.strip(), actor.name(), unique.size(), ratePerSecond, Instant.now().plus(ttl));
        jobs.addFirst(job);
        while (jobs.size() > 50) {
            jobs.removeLast();
        }
        runner.submit(() -> run(job, unique, actor));
        return job;
    }

    private void run(Job job, List<Long> persons, LedgerEvent.Actor actor) {
        long interval = (long) (1_000_000_000L / job.ratePerSecond);
        long next = System.nanoTime();
        for (long person : persons) {
            if (job.cancelled || Thread.currentThread().isInterrupted()) {
                break;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            next += interval;
            try {
                job.records.addAndGet(tiers.recall(person, job.hotUntil, "bulk recall: " + job.purpose, actor).records());
            } catch (RuntimeException e) {
                job.failed.incrementAndGet();
                log.warn("bulk recall {}: person {} failed: {}", job.id, person, e.getMessage());
            }
            job.done.incrementAndGet();
        }
        job.finishedAt = Instant.now();
    }

    Optional<Job> job(long id) {
        return jobs.stream().filter(job -> job.id == id).findFirst();
    }

    List<Job> recent() {
        return new ArrayList<>(jobs);
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
