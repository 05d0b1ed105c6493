-- H2 only: an identity column hands out 32 values, then commits the sequence's new state on its own. With
-- WRITE_DELAY=0 that commit writes a chunk to the file, and device feeds put one ledger entry per person and batch
-- into the outbox: about one extra disk write for every 32 persons (a tenth of a vital-signs batch's cost). PostgreSQL
-- keeps a cache per session, which would hand out ids out of step across connections, so it keeps its default.
alter table ledger_outbox alter column id set cache 10000;
