package org.cityhealth.hub.identity;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.cityhealth.identity.linkage.Em;
import org.cityhealth.identity.linkage.MatchIndex;
import org.cityhealth.identity.linkage.MatchModel;
import org.cityhealth.identity.linkage.Matcher;
import org.cityhealth.identity.linkage.Profile;
import org.cityhealth.identity.linkage.Training;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The Fellegi–Sunter model in use: the newest one estimated by EM on the hub's own records. The first is estimated
 * once {@code min-training-records} records exist and again whenever they have grown by {@code retrain-growth};
 * until then identifiers link and everything else waits for review.
 */
@Service
public class MatchModels {

    private static final Logger log = LoggerFactory.getLogger(MatchModels.class);

    /** A stored model with what it was estimated from. */
    public record Estimate(long id, Instant estimatedAt, long records, long pairs, int iterations, boolean converged, MatchModel model) {
    }

    private final JdbcTemplate jdbc;
    private final MpiRecords records;
    private final MpiSettings settings;
    private volatile Matcher current;
    private volatile Estimate estimate;

    MatchModels(JdbcTemplate jdbc, MpiRecords records, MpiSettings settings) {
        this.jdbc = jdbc;
        this.records = records;
        this.settings = settings;
        load();
    }

    public Matcher matcher() {
        return current;
    }

    public Optional<Estimate> estimate() {
        return Optional.ofNullable(estimate);
    }

    public Matcher.Thresholds thresholds() {
        return new Matcher.Thresholds(settings.linkThreshold(), settings.reviewThreshold());
    }

    /** Estimates a model now from (a sample of) the indexed records, stores it and puts it in use. */
    public synchronized Estimate train() {
        long total = records.count();
        int everyNthDay = (int) Math.max(1, Math.ceil((double) total / settings.trainingRecords()));
        MatchIndex index = new MatchIndex((int) Math.min(total, settings.trainingRecords() * 2L) + 16, settings.maxBlock());
        records.forEachSampled(everyNthDay, stored -> index.add(new Profile(stored.record()), stored.personKey()));
        return train(index, total);
    }

    /** Estimates a model from an index the caller built (the re-link job loads every record anyway). */
    synchronized Estimate train(MatchIndex index, long total) {
        Em.Result result = Training.estimate(index, 20251123L);
        Instant now = Instant.now();
        jdbc.update("insert into mpi_model (estimated_at, records, pairs, iterations, converged, model) values (?,?,?,?,?,?)",
                Timestamp.from(now), total, result.pairs(), result.iterations(), result.converged(), result.model().format());
        log.info("mpi.model estimated records={} sampled={} pairs={} iterations={} converged={} weights={}", total, index.size(),
                result.pairs(), result.iterations(), result.converged(), result.model().describe());
        load();
        return estimate;
    }

    /** Estimates the first model, or a new one when the records have grown enough since the last. */
    @Scheduled(initialDelayString = "${cityhealth.mpi.training-check:1m}", fixedDelayString = "${cityhealth.mpi.training-check:1m}")
    void trainWhenDue() {
        long total = records.count();
        Estimate last = estimate;
        boolean due = last == null ? total >= settings.minTrainingRecords() : total >= last.records() * settings.retrainGrowth();
        if (due && total >= 2) {
            train();
        }
    }

    private void load() {
        estimate = jdbc.query("select * from mpi_model order by id desc limit 1", (rs, row) -> new Estimate(rs.getLong("id"),
                rs.getTimestamp("estimated_at").toInstant(), rs.getLong("records"), rs.getLong("pairs"), rs.getInt("iterations"),
                rs.getBoolean("converged"), MatchModel.parse(rs.getString("model")))).stream().findFirst().orElse(null);
        current = estimate == null ? Matcher.untrained(thresholds()) : new Matcher(estimate.model(), thresholds());
    }
}
