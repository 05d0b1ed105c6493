-- PostgreSQL only (H2 has no partial indexes): at most one current version per resource, and the planner
-- learns that res_id is unique among current rows. Without it, statistics that lag behind a bulk load made
-- PostgreSQL answer "res_id in (…) and current_version" with a sequential scan (98 ms for 300 ids at 250k rows).
create unique index resource_current on resource (res_id) where current_version;
