package org.cityhealth.hub.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cityhealth.ledger.tiles.LogState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Integrates the outbox into the log: in one transaction holding the head's row lock, it takes the oldest outbox
 * entries, appends them to the tiles, signs the new checkpoint, indexes the entries and deletes them from the
 * outbox. Tiles are written before the commit; a crash in between leaves tiles for a size no checkpoint names,
 * which the next round overwrites. A second thread publishes (asks the witnesses). Runs in the server only; command-line
 * tools leave their entries in the outbox for the server to integrate.
 */
@Component
@ConditionalOnWebApplication
class Sequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LedgerLog ledgerLog;
    private final LedgerStates states;
    private final Publisher publisher;
    private final OutboxSignal signal;
    private final LedgerSettings settings;
    private final Timer integrationDelay;
    private final Timer integrationTime;
    private final Timer publicationTime;
    private volatile boolean running;
    private List<Thread> threads = List.of();
    /** Wakes the publisher when a round has integrated something. */
    private final OutboxSignal published = new OutboxSignal();

    Sequencer(JdbcTemplate jdbc, TransactionTemplate transactions, LedgerLog ledgerLog, LedgerStates states, Publisher publisher,
              OutboxSignal signal, LedgerSettings settings, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ledgerLog = ledgerLog;
        this.states = states;
        this.publisher = publisher;
        this.signal = signal;
        this.settings = settings;
        this.integrationTime = Timer.builder("cityhealth.ledger.round.integrate")
                .description("one sequencing round: outbox to tiles, checkpoint signed, entries indexed").register(meters);
        this.publicationTime = Timer.builder("cityhealth.ledger.round.publish")
                .description("one publication: witnesses asked, checkpoint published").register(meters);
        this.integrationDelay = Timer.builder("cityhealth.ledger.integration.delay")
                .description("time from recording the oldest entry of a round to its publication in a witnessed checkpoint")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    private record Pending(long id, byte[] entry, Timestamp recordedAt, String actor, String role, String action, String person,
                           String decision) {
    }

    /** Integrates one batch; true when the outbox may hold more. */
    boolean integrateOnce() {
        Integer integrated = transactions.execute(status -> {
            LedgerState head = states.lock();
            List<Pending> batch = jdbc.query("select * from ledger_outbox order by id limit " + settings.batchSize(),
                    (rs, row) -> new Pending(rs.getLong("id"), rs.getBytes("entry"), rs.getTimestamp("recorded_at"), rs.getString("actor"),
                            rs.getString("role"), rs.getString("action"), rs.getString("person"), rs.getString("decision")));
            if (batch.isEmpty()) {
                return 0;
            }
            LogState next;
            try {
                next = ledgerLog.tiledLog().append(new LogState(head.treeSize(), head.rootHash()),
                        batch.stream().map(Pending::entry).toList());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the ledger's tiles", e);
            }
            List<Object[]> rows = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                rows.add(new Object[] {head.treeSize() + i, p.recordedAt(), p.actor(), p.role(), p.action(), p.person(), p.decision(),
                        ledgerLog.hasher().leafHash(p.entry())});
            }
            jdbc.batchUpdate("insert into ledger_entry (idx, recorded_at, actor, role, action, person, decision, leaf_hash) values (?,?,?,?,?,?,?,?)",
                    rows);
            jdbc.batchUpdate("delete from ledger_outbox where id = ?", batch.stream().map(p -> new Object[] {p.id()}).toList());
            states.integrated(next.size(), next.rootHash(), ledgerLog.sign(next.size(), next.rootHash()));
            return batch.size();
        });
        return integrated != null && integrated == settings.batchSize();
    }

    private void integrateLoop() {
        repeat(() -> {
            boolean more = integrationTime.record(this::integrateOnce);
            published.committed();
            if (!more) {
                signal.await(settings.pollInterval());
            }
        });
    }

    /**
     * Publication runs beside integration: while witnesses answer for one round, the next batch is already being
     * integrated, so an entry waits for at most one round in front of it, its own round and one witness round trip.
     */
    private void publishLoop() {
        repeat(() -> {
            if (publicationTime.record(publisher::publishPending).map(this::observe).isEmpty()) {
                published.await(settings.pollInterval());
            }
        });
    }

    private interface Step {
        void run() throws InterruptedException;
    }

    private void repeat(Step step) {
        while (running) {
            try {
                step.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("ledger {} failed; retrying in 1 s", Thread.currentThread().getName(), e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Delay from recording to publication, measured on the oldest newly published entry: the longest wait of the round. */
    private Publisher.Published observe(Publisher.Published published) {
        jdbc.query("select recorded_at from ledger_entry where idx = ?", rs -> {
            integrationDelay.record(Duration.between(rs.getTimestamp(1).toInstant(), Instant.now()));
        }, published.from());
        return published;
    }

    @Override
    public void start() {
        running = true;
        threads = List.of(Thread.ofPlatform().daemon().name("ledger-sequencer").start(this::integrateLoop),
                Thread.ofPlatform().daemon().name("ledger-publisher").start(this::publishLoop));
    }

    @Override
    public void stop() {
        running = false;
        for (Thread thread : threads) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
