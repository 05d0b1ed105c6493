package org.cityhealth.hub.lifecycle;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application of the policy (or a dry run of it): progress over persons, and per transition ("HOT→WARM", …)
 * the records and bytes moved (or that would move). Read by the API and the UI while it runs.
 */
final class LifecycleJob {

    enum State { RUNNING, DONE, FAILED }

    /** Records and bytes of one transition; {@code bytesAfter} is estimated in a dry run from the measured ratios. */
    record Transition(long records, long bytesBefore, long bytesAfter) {
        Transition plus(long records, long before, long after) {
            return new Transition(this.records + records, bytesBefore + before, bytesAfter + after);
        }
    }

    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final boolean dryRun;
    final Instant asOf;
    final Instant startedAt = Instant.now();
    final long personsTotal;
    private volatile long personsDone;
    private volatile State state = State.RUNNING;
    private volatile String error;
    private volatile Instant finishedAt;
    private volatile BigDecimal monthlySavingYuan = BigDecimal.ZERO;
    private final Map<String, Transition> transitions = new TreeMap<>();
    private final Map<String, Long> byRule = new TreeMap<>();

    LifecycleJob(boolean dryRun, Instant asOf, long personsTotal) {
        this.dryRun = dryRun;
        this.asOf = asOf;
        this.personsTotal = personsTotal;
    }

    synchronized void moved(String transition, long records, long before, long after) {
        transitions.merge(transition, new Transition(records, before, after), (a, b) -> a.plus(b.records(), b.bytesBefore(), b.bytesAfter()));
    }

    synchronized void placedBy(String rule) {
        byRule.merge(rule == null ? "(no rule)" : rule, 1L, Long::sum);
    }

    void personsDone(long done) {
        personsDone = done;
    }

    void saving(BigDecimal yuanPerMonth) {
        monthlySavingYuan = yuanPerMonth;
    }

    void finish(String failure) {
        error = failure;
        finishedAt = Instant.now();
        state = failure == null ? State.DONE : State.FAILED;
    }

    State state() {
        return state;
    }

    /** A snapshot for JSON. */
    synchronized Map<String, Object> view() {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("id", id);
        view.put("dryRun", dryRun);
        view.put("asOf", asOf.toString());
        view.put("state", state.name());
        view.put("startedAt", startedAt.toString());
        view.put("finishedAt", finishedAt == null ? null : finishedAt.toString());
        view.put("personsTotal", personsTotal);
        view.put("personsDone", personsDone);
        view.put("progress", personsTotal == 0 ? 1.0 : Math.min(1.0, (double) personsDone / personsTotal));
        view.put("transitions", new TreeMap<>(transitions));
        view.put("resourcesByRule", new TreeMap<>(byRule));
        view.put("monthlySavingYuan", monthlySavingYuan);
        view.put("error", error);
        return view;
    }
}
