package org.cityhealth.hub.ledger;

import jakarta.annotation.PreDestroy;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts entries into the outbox. Inside the caller's transaction the row simply joins it. Outside one (a read, a
 * refusal) the caller waits for a group commit: one writer thread commits everything queued since its last commit
 * in one transaction, so a thousand concurrent readers cost one commit (one fsync) instead of a thousand, and none
 * of them returns before its entry is durable.
 */
@Component
class OutboxWriter {

    private static final int MAX_GROUP = 2000;
    private static final String INSERT = "insert into ledger_outbox (entry, recorded_at, actor, role, action, person, decision) values (?,?,?,?,?,?,?)";
    private static final String ATTACH = "insert into ledger_attachment (sha256, body) values (?, ?) on conflict do nothing";

    /** One outbox row and the attachment it names, if any. */
    record Row(byte[] entry, Timestamp recordedAt, String actor, String role, String action, String person, String decision,
               EntryEncoder.Attachment attachment) {

        Object[] values() {
            return new Object[] {entry, recordedAt, actor, role, action, person, decision};
        }
    }

    private record Queued(Row row, CompletableFuture<Void> committed) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final OutboxSignal signal;
    private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers;
    private volatile boolean running = true;

    OutboxWriter(JdbcTemplate jdbc, TransactionTemplate transactions, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.signal = signal;
        // Two writers: while one group waits for its commit (an fsync), the next is already being inserted.
        this.writers = List.of(Thread.ofPlatform().daemon().name("ledger-outbox-1").start(this::writeGroups),
                Thread.ofPlatform().daemon().name("ledger-outbox-2").start(this::writeGroups));
    }

    void write(Row row) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            insert(List.of(row));
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.committed();
                }
            });
            return;
        }
        if (!running) {
            throw new IllegalStateException("the ledger is shut down; the operation cannot be recorded");
        }
        CompletableFuture<Void> committed = new CompletableFuture<>();
        queue.add(new Queued(row, committed));
        try {
            committed.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void insert(List<Row> rows) {
        for (Row row : rows) {
            if (row.attachment() != null) {
                jdbc.update(ATTACH, row.attachment().sha256(), row.attachment().body());
            }
        }
        if (rows.size() == 1) {
            jdbc.update(INSERT, rows.getFirst().values());
        } else {
            jdbc.batchUpdate(INSERT, rows.stream().map(Row::values).toList());
        }
    }

    private void writeGroups() {
        List<Queued> group = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Queued first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                List<Row> rows = group.stream().map(Queued::row).toList();
                transactions.executeWithoutResult(status -> insert(rows));
                group.forEach(queued -> queued.committed().complete(null));
                signal.committed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                group.forEach(queued -> queued.committed().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        Queued left;
        while ((left = queue.poll()) != null) {
            left.committed().completeExceptionally(new IllegalStateException("the ledger shut down before the entry was written"));
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(5000);
        }
    }
}
