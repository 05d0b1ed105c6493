-- A citizen's account names the hub person it belongs to: the citizen portal shows that person's access history.
-- The clinical-access issue (#6) adds how citizens enrol (real-name verification); until then accounts are made
-- by operators (and one in demo mode).
alter table account add column person_key bigint;
