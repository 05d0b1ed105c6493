package org.cityhealth.hub.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.Tier;
import org.cityhealth.hub.store.TieredStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Applies the lifecycle policy: persons in key order, a batch at a time, each resource placed by the first matching
 * rule; hot→warm moves are gathered per batch, cold archives are written per person and period, and a person whose
 * records are wanted hot again (read often, recalled) is recalled whole. A dry run evaluates the same and reports
 * what would move, the bytes and the monthly cost saved, without moving anything. One run at a time per process.
 */
@Service
public class Lifecycle implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private static final double DEFAULT_WARM_RATIO = 4.0;
    private static final double DEFAULT_COLD_RATIO = 10.0;
    private static final BigDecimal TB = BigDecimal.valueOf(1_000_000_000_000L);

    private final LifecycleSettings settings;
    private final PersonScan scan;
    private final TieredStorage tiers;
    private final JdbcTemplate jdbc;
    private final Policy policy;
    private final List<ObjectLifecycle> objectLifecycles;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("lifecycle").daemon().factory());
    private final AtomicReference<LifecycleJob> running = new AtomicReference<>();
    private final Deque<LifecycleJob> recent = new ConcurrentLinkedDeque<>();
    private volatile Instant lastScheduled = Instant.now();

    Lifecycle(LifecycleSettings settings, PersonScan scan, TieredStorage tiers, JdbcTemplate jdbc, List<ObjectLifecycle> objectLifecycles) {
        this.settings = settings;
        this.objectLifecycles = List.copyOf(objectLifecycles);
        this.scan = scan;
        this.tiers = tiers;
        this.jdbc = jdbc;
        this.policy = load(settings.policyFile());
        log.info("lifecycle policy: {} tier rules, {} retention rules", policy.rules().size(), policy.retention().size());
    }

    static Policy load(String policyFile) {
        try {
            if (policyFile == null || policyFile.isBlank()) {
                try (InputStream in = Lifecycle.class.getResourceAsStream("/lifecycle-policy.yml")) {
                    return PolicyFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return PolicyFile.parse(Files.readString(Path.of(policyFile), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PolicyException("lifecycle policy file " + policyFile + " cannot be read: " + e.getMessage());
        }
    }

    Policy policy() {
        return policy;
    }

    /** Starts a run (or dry run) evaluated as of {@code asOf}; throws {@link IllegalStateException} when one is running. */
    LifecycleJob start(boolean dryRun, Instant asOf, LedgerEvent.Actor actor) {
        LifecycleJob job = new LifecycleJob(dryRun, asOf, scan.personCount());
        if (!running.compareAndSet(null, job)) {
            throw new IllegalStateException("a lifecycle run is already in progress (job " + running.get().id + ")");
        }
        recent.addFirst(job);
        while (recent.size() > 20) {
            recent.removeLast();
        }
        runner.submit(() -> {
            try {
                run(job, actor);
                job.finish(null);
            } catch (RuntimeException | Error e) {
                log.error("lifecycle run {} failed", job.id, e);
                job.finish(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } finally {
                running.set(null);
            }
        });
        return job;
    }

    /** Applies the policy now and waits for the run to end (the demo after loading its city); returns the run's view. */
    public Map<String, Object> applyNow() {
        LifecycleJob job = start(false, Instant.now(), LedgerEvent.Actor.HUB);
        while (job.state() == LifecycleJob.State.RUNNING) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return job.view();
    }

    Optional<LifecycleJob> job(long id) {
        return recent.stream().filter(job -> job.id == id).findFirst();
    }

    List<LifecycleJob> recentJobs() {
        return List.copyOf(recent);
    }

    /** Applies the policy every {@code schedule}; a run still going when the next is due is not doubled. */
    @Scheduled(fixedDelayString = "${cityhealth.lifecycle.check:1m}", initialDelayString = "${cityhealth.lifecycle.check:1m}")
    void scheduled() {
        if (settings.schedule().isZero() || Instant.now().isBefore(lastScheduled.plus(settings.schedule())) || running.get() != null) {
            return;
        }
        lastScheduled = Instant.now();
        start(false, Instant.now(), LedgerEvent.Actor.HUB);
    }

    private void run(LifecycleJob job, LedgerEvent.Actor actor) {
        double warmRatio = measuredRatio("WARM", DEFAULT_WARM_RATIO);
        double coldRatio = measuredRatio("COLD", DEFAULT_COLD_RATIO);
        Duration window = policy.longestReadWindow();
        LocalDate readsSince = job.asOf.minus(window).atZone(FhirDates.LOCAL_ZONE).toLocalDate();
        Instant hotUntil = later(Instant.now(), job.asOf).plus(settings.recallKeepHot());
        long after = 0;
        long done = 0;
        BigDecimal saving = BigDecimal.ZERO;
        while (true) {
            List<Long> batch = scan.persons(after, settings.batchPersons());
            if (batch.isEmpty()) {
                break;
            }
            after = batch.get(batch.size() - 1);
            List<String> toWarm = new ArrayList<>();
            long warmBytes = 0;
            for (PersonScan.Scanned scanned : scan.scan(batch, job.asOf, policy.needsTokens(), readsSince)) {
                Facts.Person person = scanned.person();
                if (person.recalledUntil() != null && person.recalledUntil().isAfter(job.asOf)) {
                    job.placedBy("(recalled: kept hot until " + person.recalledUntil() + ")");
                    continue;
                }
                boolean promote = false;
                Map<String, List<Facts.Resource>> coldByPeriod = new TreeMap<>();
                List<Facts.Resource> warming = new ArrayList<>();
                for (Facts.Resource resource : scanned.resources()) {
                    Placement.Decision decision = Placement.place(policy, person, resource, job.asOf);
                    job.placedBy(decision.rule());
                    if (decision.tier() == Tier.HOT && resource.tier() != Tier.HOT) {
                        promote = true;
                    } else if (decision.tier() == Tier.WARM && resource.tier() == Tier.HOT) {
                        warming.add(resource);
                    } else if (decision.tier() == Tier.COLD && resource.tier() != Tier.COLD) {
                        coldByPeriod.computeIfAbsent(period(resource), p -> new ArrayList<>()).add(resource);
                    }
                }
                if (promote) {
                    // Wanted hot again: the whole record comes back (and stays until hotUntil), nothing of it is cooled now.
                    saving = saving.add(promote(job, person.key(), scanned.resources(), hotUntil, warmRatio, coldRatio, actor));
                    continue;
                }
                for (Facts.Resource resource : warming) {
                    toWarm.add(resource.id());
                    warmBytes += resource.bytes();
                }
                for (Map.Entry<String, List<Facts.Resource>> period : coldByPeriod.entrySet()) {
                    saving = saving.add(archive(job, person.key(), period.getKey(), period.getValue(), warmRatio, coldRatio, actor));
                }
            }
            if (!toWarm.isEmpty()) {
                long after1 = Math.round(warmBytes / warmRatio);
                if (!job.dryRun) {
                    TieredStorage.Move move = tiers.toWarm(toWarm, actor);
                    job.moved("HOT→WARM", move.records(), move.bytesBefore(), move.bytesAfter());
                    saving = saving.add(cost(move.bytesBefore(), Tier.HOT).subtract(cost(move.bytesAfter(), Tier.WARM)));
                } else {
                    job.moved("HOT→WARM", toWarm.size(), warmBytes, after1);
                    saving = saving.add(cost(warmBytes, Tier.HOT).subtract(cost(after1, Tier.WARM)));
                }
            }
            done += batch.size();
            job.personsDone(done);
            job.saving(saving.setScale(6, RoundingMode.HALF_UP));
            pause();
        }
        saving = saving.add(objects(job, actor));
        job.saving(saving.setScale(6, RoundingMode.HALF_UP));
    }

    /** The objects outside the clinical store (imaging), placed by the same rules; hot and cold are the tiers they have. */
    private BigDecimal objects(LifecycleJob job, LedgerEvent.Actor actor) {
        Facts.Person nobody = new Facts.Person(0, Map.of(), null, null, null);
        ObjectLifecycle.Placer placer = (type, sourceCode, dated) -> Placement.place(policy, nobody,
                new Facts.Resource("", type, null, sourceCode, dated, dated, Tier.HOT, 0, java.util.Set.of()), job.asOf).tier();
        BigDecimal saving = BigDecimal.ZERO;
        for (ObjectLifecycle objects : objectLifecycles) {
            try {
                for (ObjectLifecycle.Moved moved : objects.apply(placer, job.asOf, job.dryRun, actor)) {
                    job.moved(moved.transition(), moved.records(), moved.bytesBefore(), moved.bytesAfter());
                    saving = saving.add(cost(moved.bytesBefore(), Tier.HOT).subtract(cost(moved.bytesAfter(), Tier.COLD)));
                }
            } catch (RuntimeException e) {
                log.warn("lifecycle of {} failed, its objects stay where they are: {}", objects.getClass().getSimpleName(), e.getMessage());
                job.moved("FAILED", 0, 0, 0);
            }
        }
        return saving;
    }

    private BigDecimal archive(LifecycleJob job, long person, String period, List<Facts.Resource> resources, double warmRatio,
                               double coldRatio, LedgerEvent.Actor actor) {
        String transition = resources.stream().allMatch(r -> r.tier() == Tier.WARM) ? "WARM→COLD"
                : resources.stream().allMatch(r -> r.tier() == Tier.HOT) ? "HOT→COLD" : "HOT/WARM→COLD";
        long hotBytes = resources.stream().filter(r -> r.tier() == Tier.HOT).mapToLong(Facts.Resource::bytes).sum();
        long warmBytes = resources.stream().filter(r -> r.tier() == Tier.WARM).mapToLong(Facts.Resource::bytes).sum();
        long plain = hotBytes + Math.round(warmBytes * warmRatio);
        if (job.dryRun) {
            long after = Math.round(plain / coldRatio);
            job.moved(transition, resources.size(), hotBytes + warmBytes, after);
            return cost(hotBytes, Tier.HOT).add(cost(warmBytes, Tier.WARM)).subtract(cost(after, Tier.COLD));
        }
        try {
            TieredStorage.Move move = tiers.toCold(person, period, resources.stream().map(Facts.Resource::id).toList(), actor);
            job.moved(transition, resources.size(), hotBytes + warmBytes, move.bytesAfter());
            return cost(hotBytes, Tier.HOT).add(cost(warmBytes, Tier.WARM)).subtract(cost(move.bytesAfter(), Tier.COLD));
        } catch (IOException | RuntimeException e) {
            log.warn("person {}: archiving period {} failed, records stay where they are: {}", person, period, e.getMessage());
            job.moved("FAILED", resources.size(), 0, 0);
            return BigDecimal.ZERO;
        }
    }

    private BigDecimal promote(LifecycleJob job, long person, List<Facts.Resource> resources, Instant hotUntil, double warmRatio,
                               double coldRatio, LedgerEvent.Actor actor) {
        long warm = resources.stream().filter(r -> r.tier() == Tier.WARM).mapToLong(Facts.Resource::bytes).sum();
        long cold = resources.stream().filter(r -> r.tier() == Tier.COLD).mapToLong(Facts.Resource::bytes).sum();
        long records = resources.stream().filter(r -> r.tier() != Tier.HOT).count();
        long plain = Math.round(warm * warmRatio + cold * coldRatio);
        if (!job.dryRun) {
            try {
                tiers.recall(person, hotUntil, "lifecycle policy: wanted hot", actor);
            } catch (RuntimeException e) {
                log.warn("person {}: promotion to hot failed: {}", person, e.getMessage());
                job.moved("FAILED", records, 0, 0);
                return BigDecimal.ZERO;
            }
        }
        job.moved("→HOT", records, warm + cold, plain);
        return cost(warm, Tier.WARM).add(cost(cold, Tier.COLD)).subtract(cost(plain, Tier.HOT));
    }

    /** The archive period of a record: the year of its date in the city's time zone. */
    static String period(Facts.Resource resource) {
        return Integer.toString(resource.dated().atZone(FhirDates.LOCAL_ZONE).getYear());
    }

    private BigDecimal cost(long bytes, Tier tier) {
        BigDecimal price = switch (tier) {
            case HOT -> settings.costHot();
            case WARM -> settings.costWarm();
            case COLD -> settings.costCold();
        };
        return price.multiply(BigDecimal.valueOf(bytes)).divide(TB, 6, RoundingMode.HALF_UP);
    }

    /** Compression measured on earlier moves (bytes before / after), or a conservative default before any. */
    private double measuredRatio(String kind, double fallback) {
        List<double[]> sums = jdbc.query("select coalesce(sum(bytes_before), 0), coalesce(sum(bytes_after), 0) from storage_move where kind = ?",
                (rs, row) -> new double[] {rs.getDouble(1), rs.getDouble(2)}, kind);
        return sums.isEmpty() || sums.get(0)[1] <= 0 ? fallback : sums.get(0)[0] / sums.get(0)[1];
    }

    /** Bytes and monthly cost per tier now, for the operations page and the API. */
    Map<String, Object> costs(Map<Tier, Long> bytesByTier) {
        Map<String, Object> costs = new LinkedHashMap<>();
        bytesByTier.forEach((tier, bytes) -> costs.put(tier.name(), cost(bytes, tier).setScale(2, RoundingMode.HALF_UP)));
        return costs;
    }

    private void pause() {
        if (!settings.pause().isZero()) {
            try {
                Thread.sleep(settings.pause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("lifecycle run interrupted");
            }
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    @Override
    public void destroy() {
        runner.shutdownNow();
    }
}
