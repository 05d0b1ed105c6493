-- V10 moved device observations to a table keyed by number (DeviceObservationKeys); the BRIN index of V8_2 went with
-- the old table. The same index again, for the same reason: searches naming no patient skip the blocks outside a date range.
create index device_observation_time on device_observation using brin (date_lo, date_hi);
-- The primary key took its name from the table it was created in; named as the table is named now.
alter table device_observation rename constraint device_observation_keyed_pkey to device_observation_pkey;
