package org.cityhealth.hub.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Indexes {@code _content} for the DocumentReferences stored before the hub had it (the exam PDFs and HL7 documents of
 * an older hub would otherwise stay unfindable until stored again). Once per database: in the background after a
 * start, in batches, each batch in a transaction; {@code index_backfill} records that it ran to its end. A document
 * written meanwhile is skipped, its write indexed it; a run cut short by a stop starts over at the next start. Cold
 * documents are left as they are: reading them would recall every old person's archives to the hot tier.
 */
@Component
class ContentBackfill {

    private static final Logger log = LoggerFactory.getLogger(ContentBackfill.class);
    static final String NAME = ContentTerms.PARAM;
    private static final int BATCH = 200;

    private final JdbcTemplate jdbc;
    private final ResourceStore store;
    private final TransactionTemplate transactions;
    private final Ledger ledger;
    private final ObjectMapper mapper = new ObjectMapper();

    ContentBackfill(JdbcTemplate jdbc, ResourceStore store, TransactionTemplate transactions, Ledger ledger) {
        this.jdbc = jdbc;
        this.store = store;
        this.transactions = transactions;
        this.ledger = ledger;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startInBackground() {
        if (done()) {
            return;
        }
        Thread.ofVirtual().name("content-backfill").start(() -> {
            try {
                int indexed = run();
                log.info("_content indexed for {} DocumentReferences stored before it existed", indexed);
            } catch (RuntimeException e) {
                log.warn("_content backfill stopped; it runs again at the next start: {}", e.getMessage(), e);
            }
        });
    }

    /** Indexes every current DocumentReference's text; how many got terms. Nothing once it has run to its end. */
    synchronized int run() {
        if (done()) {
            return 0;
        }
        int indexed = 0;
        String after = "";
        while (true) {
            List<String> ids = jdbc.queryForList("""
                    select res_id from resource where res_type = 'DocumentReference' and current_version and not deleted
                      and tier <> 'C' and res_id > ? order by res_id limit ?""", String.class, after, BATCH);
            if (ids.isEmpty()) {
                break;
            }
            after = ids.getLast();
            indexed += index(store.readCurrent(ids));
        }
        jdbc.update("insert into index_backfill (name, done_at, resources) values (?,?,?)", NAME, Timestamp.from(Instant.now()), indexed);
        if (indexed > 0) {
            // A new database has nothing to index: its start is not a storage operation worth an entry.
            ledger.record(LedgerEvent.permit("storage.reindex").by(LedgerEvent.Actor.HUB).detail("param", NAME).detail("resources", indexed));
        }
        return indexed;
    }

    private int index(List<StoredResource> documents) {
        Integer indexed = transactions.execute(status -> {
            int count = 0;
            for (StoredResource document : documents) {
                // Locked: a write of a newer version waits for this batch, or has committed and indexed itself.
                Integer current = jdbc.query("select version from resource where res_id = ? and current_version for update",
                        rs -> rs.next() ? rs.getInt(1) : null, document.id());
                if (current == null || current != document.version()) {
                    continue;
                }
                JsonNode body = json(document);
                if (body == null) {
                    continue;
                }
                List<TokenIndex> terms = ResourceIndexer.index(document.type(), body).tokens().stream()
                        .filter(token -> NAME.equals(token.param())).toList();
                store.replaceTokens(document.type(), document.id(), NAME, terms);
                count += terms.isEmpty() ? 0 : 1;
            }
            return count;
        });
        return indexed == null ? 0 : indexed;
    }

    private boolean done() {
        return jdbc.queryForObject("select count(*) from index_backfill where name = ?", Integer.class, NAME) > 0;
    }

    /** The body, or null (logged) when it cannot be read: one bad document must not stop the others at every start. */
    private JsonNode json(StoredResource document) {
        try {
            return mapper.readTree(document.body());
        } catch (IOException e) {
            log.warn("_content backfill: DocumentReference/{} cannot be read and is left unindexed: {}", document.id(), e.getMessage());
            return null;
        }
    }
}
