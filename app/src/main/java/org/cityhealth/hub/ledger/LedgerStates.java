package org.cityhealth.hub.ledger;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The one-row head of the log in the database. */
@Repository
class LedgerStates {

    private static final RowMapper<LedgerState> ROW = (rs, row) -> new LedgerState(rs.getLong("tree_size"), rs.getBytes("root_hash"),
            rs.getString("checkpoint"), rs.getLong("published_size"), rs.getString("published_checkpoint"));

    private final JdbcTemplate jdbc;
    private final LedgerLog log;

    LedgerStates(JdbcTemplate jdbc, LedgerLog log) {
        this.jdbc = jdbc;
        this.log = log;
    }

    Optional<LedgerState> read() {
        return jdbc.query("select * from ledger_state where id = 1", ROW).stream().findFirst();
    }

    /**
     * The head, locked for the caller's transaction: one sequencer at a time, across processes. A fresh log starts
     * as the empty tree, whose checkpoint is published at once (there is nothing for witnesses to attest yet).
     */
    LedgerState lock() {
        Optional<LedgerState> head = jdbc.query("select * from ledger_state where id = 1 for update", ROW).stream().findFirst();
        if (head.isPresent()) {
            return head.get();
        }
        String empty = log.sign(0, log.hash().hash());
        jdbc.update("insert into ledger_state (id, tree_size, root_hash, checkpoint, published_size, published_checkpoint, updated_at) "
                + "values (1, 0, ?, ?, 0, ?, ?) on conflict do nothing", log.hash().hash(), empty, empty, Timestamp.from(Instant.now()));
        return jdbc.query("select * from ledger_state where id = 1 for update", ROW).getFirst();
    }

    void integrated(long size, byte[] root, String checkpoint) {
        jdbc.update("update ledger_state set tree_size = ?, root_hash = ?, checkpoint = ?, updated_at = ? where id = 1",
                size, root, checkpoint, Timestamp.from(Instant.now()));
    }

    /** Publishes a checkpoint unless a newer one already is (two hub processes may race here). */
    void published(long size, String checkpoint) {
        jdbc.update("update ledger_state set published_size = ?, published_checkpoint = ?, updated_at = ? where id = 1 and published_size < ?",
                size, checkpoint, Timestamp.from(Instant.now()), size);
    }
}
