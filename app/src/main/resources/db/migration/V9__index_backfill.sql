-- Search-index backfills that ran to their end, by name: a search parameter added after resources were stored is
-- indexed for them once, in the background after a start, and the row here says it need not run again.
create table index_backfill (
    name      varchar(64) primary key,
    done_at   timestamp with time zone not null,
    resources integer     not null
);
