package org.cityhealth.hub.lifecycle;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.Tier;
import org.cityhealth.hub.store.TieredStorage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The storage figures the operations page and {@code GET /admin/storage} show: per tier the records, persons, bytes
 * and monthly cost; moves per day; jobs, recalls, holds and scrubs. Tier totals scan the resource table, so they are
 * cached for a short while.
 */
@Service
public class StorageOverview {

    private static final Duration CACHE = Duration.ofSeconds(15);

    private final JdbcTemplate jdbc;
    private final Lifecycle lifecycle;
    private final BulkRecalls recalls;
    private final Scrubber scrubber;
    private final Retention retention;
    private final TieredStorage tiers;
    private volatile Map<String, Object> cachedTiers;
    private volatile Instant cachedAt = Instant.EPOCH;

    StorageOverview(JdbcTemplate jdbc, Lifecycle lifecycle, BulkRecalls recalls, Scrubber scrubber, Retention retention, TieredStorage tiers) {
        this.jdbc = jdbc;
        this.lifecycle = lifecycle;
        this.recalls = recalls;
        this.scrubber = scrubber;
        this.retention = retention;
        this.tiers = tiers;
    }

    /** Everything the operations page shows, as plain maps and lists (JSON for the API, model for the page). */
    public Map<String, Object> overview() {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("tiers", tierTotals());
        overview.put("movesPerDay", movesPerDay(30));
        overview.put("lifecycleRuns", lifecycle.recentJobs().stream().map(LifecycleJob::view).toList());
        overview.put("recalls", recalls.recent().stream().map(BulkRecalls.Job::view).toList());
        overview.put("scrubs", scrubber.recentRuns(10));
        overview.put("activeHolds", retention.activeHolds().size());
        overview.put("damagedArchives", jdbc.queryForObject("select count(*) from cold_archive where state = 'ACTIVE' and damage is not null", Long.class));
        overview.put("policy", lifecycle.policy().rules().stream().map(rule -> Map.of("name", rule.name(), "tier", rule.tier().name())).toList());
        return overview;
    }

    private Map<String, Object> tierTotals() {
        if (cachedTiers != null && Instant.now().isBefore(cachedAt.plus(CACHE))) {
            return cachedTiers;
        }
        Map<Tier, long[]> counts = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            counts.put(tier, new long[4]);
        }
        jdbc.query("""
                select tier, count(*), sum(case when current_version and not deleted then 1 else 0 end), count(distinct person_key),
                  coalesce(sum(octet_length(body)), 0)
                from resource group by tier""", rs -> {
            long[] c = counts.get(Tier.of(rs.getString(1).charAt(0)));
            c[0] = rs.getLong(2);
            c[1] = rs.getLong(3);
            c[2] = rs.getLong(4);
            c[3] = rs.getLong(5);
        });
        counts.get(Tier.WARM)[3] = jdbc.queryForObject("select coalesce(sum(octet_length(body)), 0) from resource_warm", Long.class);
        counts.get(Tier.COLD)[3] = jdbc.queryForObject("select coalesce(sum(stored_bytes), 0) from cold_archive where state = 'ACTIVE'", Long.class);
        Map<Tier, Long> bytes = new EnumMap<>(Tier.class);
        counts.forEach((tier, c) -> bytes.put(tier, c[3]));
        Map<String, Object> costs = lifecycle.costs(bytes);
        Map<String, Object> totals = new LinkedHashMap<>();
        counts.forEach((tier, c) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("versions", c[0]);
            row.put("resources", c[1]);
            row.put("persons", c[2]);
            row.put("bytes", c[3]);
            row.put("monthlyCostYuan", costs.get(tier.name()));
            totals.put(tier.name(), row);
        });
        totals.put("archives", jdbc.queryForObject("select count(*) from cold_archive where state = 'ACTIVE'", Long.class));
        cachedTiers = totals;
        cachedAt = Instant.now();
        return totals;
    }

    /** Records moved per day and kind (WARM, COLD, RECALL, REPAIR, PURGE) over the last {@code days} days. */
    private List<Map<String, Object>> movesPerDay(int days) {
        String day = "cast(moved_at at time zone '" + FhirDates.LOCAL_ZONE.getId() + "' as date)";
        Map<String, Map<String, Long>> perDay = new TreeMap<>();
        jdbc.query("select " + day + " d, kind, sum(records) from storage_move where moved_at >= ? group by " + day + ", kind", rs -> {
            perDay.computeIfAbsent(rs.getDate(1).toLocalDate().toString(), d -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        }, Timestamp.from(Instant.now().minus(Duration.ofDays(days))));
        List<Map<String, Object>> rows = new ArrayList<>();
        perDay.forEach((d, kinds) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("day", d);
            row.putAll(kinds);
            rows.add(row);
        });
        return rows;
    }

    /** One person's storage: versions per tier, archives, holds and retention. */
    public Map<String, Object> person(long personKey) {
        retention.requirePerson(personKey);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("person", personKey);
        Map<String, Long> perTier = new TreeMap<>();
        jdbc.query("select tier, count(*) from resource where person_key = ? group by tier", rs -> {
            perTier.put(Tier.of(rs.getString(1).charAt(0)).name(), rs.getLong(2));
        }, personKey);
        view.put("versionsByTier", perTier);
        view.put("archives", tiers.archives(personKey, "ACTIVE"));
        view.put("holds", retention.holds(personKey));
        view.put("retention", retention.view(personKey));
        List<Timestamp> until = jdbc.queryForList("select recalled_until from person_storage where person_key = ?", Timestamp.class, personKey);
        view.put("hotUntil", until.isEmpty() || until.get(0) == null ? null : until.get(0).toInstant().toString());
        return view;
    }
}
