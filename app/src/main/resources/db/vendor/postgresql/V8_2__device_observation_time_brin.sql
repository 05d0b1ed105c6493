-- Searches of device readings that name no patient (all SpO2 readings of the last hour) would scan the table: its one
-- index is the primary key, which leads with the patient. Readings arrive about in the order they were measured, so
-- a BRIN index over their times (a few pages per million rows, next to nothing to maintain on insert) lets PostgreSQL
-- skip the blocks outside a date range. H2 has no BRIN; a B-tree there would cost every reading a third index entry.
create index device_observation_time on device_observation using brin (date_lo, date_hi);
