package org.cityhealth.hub.identity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cityhealth.identity.linkage.BatchLinker;
import org.cityhealth.identity.linkage.MatchIndex;
import org.cityhealth.identity.linkage.Matcher;
import org.cityhealth.identity.linkage.Profile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The re-link job: estimates the model afresh on every record, links them all in one batch and moves the records
 * whose person changed. Records a person placed (reviewer, merge, unmerge) stay where that person put them, and
 * pairs a reviewer separated are never joined. One job at a time; progress is polled.
 */
@Service
public class Relink {

    private static final Logger log = LoggerFactory.getLogger(Relink.class);

    /** Phases of a job, in order. */
    public enum Phase { QUEUED, LOADING, TRAINING, SCORING, APPLYING, DONE, FAILED }

    /** A job's state; counters are live while it runs. */
    public static final class Job {
        private final long id;
        private final String startedBy;
        private final Instant startedAt = Instant.now();
        private volatile Phase phase = Phase.QUEUED;
        private final AtomicLong done = new AtomicLong();
        private volatile long total;
        private volatile long moved;
        private volatile long kept;
        private volatile long reviews;
        private volatile long pairs;
        private volatile Instant finishedAt;
        private volatile String error;

        Job(long id, String startedBy) {
            this.id = id;
            this.startedBy = startedBy;
        }

        public long getId() { return id; }
        public String getStartedBy() { return startedBy; }
        public Instant getStartedAt() { return startedAt; }
        public Phase getPhase() { return phase; }
        public long getDone() { return done.get(); }
        public long getTotal() { return total; }
        public long getMoved() { return moved; }
        public long getKeptByDecision() { return kept; }
        public long getReviews() { return reviews; }
        public long getPairs() { return pairs; }
        public Instant getFinishedAt() { return finishedAt; }
        public String getError() { return error; }

        /** Share done across all phases, 0–100. */
        public int getPercent() {
            int base = switch (phase) {
                case QUEUED -> 0;
                case LOADING -> 0;
                case TRAINING -> 20;
                case SCORING -> 35;
                case APPLYING -> 75;
                case DONE, FAILED -> 100;
            };
            int span = switch (phase) {
                case LOADING -> 20;
                case SCORING -> 40;
                case APPLYING -> 25;
                default -> 0;
            };
            return base + (total == 0 ? 0 : (int) (span * Math.min(1, (double) done.get() / total)));
        }
    }

    private final MpiRecords records;
    private final MatchModels models;
    private final PersonMoves moves;
    private final ReviewQueue reviews;
    private final MpiEvents events;
    private final JdbcTemplate jdbc;
    private final MpiSettings settings;
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Relink(MpiRecords records, MatchModels models, PersonMoves moves, ReviewQueue reviews, MpiEvents events, JdbcTemplate jdbc,
           MpiSettings settings) {
        this.records = records;
        this.models = models;
        this.moves = moves;
        this.reviews = reviews;
        this.events = events;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Starts a job in the background, or returns the one already running. */
    public synchronized Job start(String startedBy) {
        Optional<Job> running = jobs.values().stream().filter(job -> job.phase != Phase.DONE && job.phase != Phase.FAILED).findFirst();
        if (running.isPresent()) {
            return running.get();
        }
        Job job = new Job(ids.incrementAndGet(), startedBy);
        jobs.put(job.id, job);
        Thread.ofPlatform().name("mpi-relink-" + job.id).daemon().start(() -> run(job));
        return job;
    }

    public Optional<Job> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    /** The newest job, if any ran since start-up. */
    public Optional<Job> latest() {
        return jobs.values().stream().max(java.util.Comparator.comparingLong(Job::getId));
    }

    /** Runs a job in the caller's thread (tests, the demo loader). */
    public Job runNow(String startedBy) {
        Job job = new Job(ids.incrementAndGet(), startedBy);
        jobs.put(job.id, job);
        run(job);
        return job;
    }

    private void run(Job job) {
        try {
            job.phase = Phase.LOADING;
            job.total = records.count();
            MatchIndex index = new MatchIndex((int) job.total + 16, settings.maxBlock());
            List<String> patients = new ArrayList<>();
            records.forEach(stored -> {
                index.add(new Profile(stored.record()), stored.personKey());
                patients.add(stored.record().id());
                job.done.incrementAndGet();
            });
            job.phase = Phase.TRAINING;
            models.train(index, index.size());
            Matcher matcher = models.matcher();
            job.phase = Phase.SCORING;
            job.done.set(0);
            job.total = index.size();
            Set<String> separated = separatedPairs();
            BatchLinker.Result result = BatchLinker.link(index, matcher, 2, job.done::set,
                    (a, b) -> separated.contains(patients.get(a) + "|" + index.person(b)) || separated.contains(patients.get(b) + "|" + index.person(a)));
            job.pairs = result.compared();
            job.phase = Phase.APPLYING;
            job.done.set(0);
            apply(job, index, patients, result);
            job.finishedAt = Instant.now();
            job.phase = Phase.DONE;
            log.info("mpi.relink done job={} records={} pairs={} moved={} kept={} reviews={}", job.id, index.size(), job.pairs, job.moved,
                    job.kept, job.reviews);
        } catch (RuntimeException e) {
            job.error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            job.finishedAt = Instant.now();
            job.phase = Phase.FAILED;
            log.error("mpi.relink failed job={}", job.id, e);
        }
    }

    private void apply(Job job, MatchIndex index, List<String> patients, BatchLinker.Result result) {
        Map<Integer, List<Integer>> clusters = new HashMap<>();
        for (int i = 0; i < result.cluster().length; i++) {
            clusters.computeIfAbsent(result.cluster()[i], c -> new ArrayList<>()).add(i);
        }
        Set<Long> claimed = new HashSet<>();
        // Largest clusters choose first, so a big person keeps its key and a split-off part gets a new one.
        List<List<Integer>> ordered = new ArrayList<>(clusters.values());
        ordered.sort(java.util.Comparator.comparingInt((List<Integer> c) -> -c.size()).thenComparingInt(c -> c.get(0)));
        PersonMoves.Decider decider = PersonMoves.Decider.operator(job.startedBy);
        Set<String> placedByPersons = events.decidedByPersons();
        for (List<Integer> members : ordered) {
            Map<Long, Integer> votes = new HashMap<>();
            members.forEach(position -> votes.merge(index.person(position), 1, Integer::sum));
            Long person = votes.entrySet().stream().filter(e -> !claimed.contains(e.getKey()))
                    .max(java.util.Comparator.comparingInt((Map.Entry<Long, Integer> e) -> e.getValue()).thenComparingLong(e -> -e.getKey()))
                    .map(Map.Entry::getKey).orElse(null);
            boolean needsNew = person == null;
            for (int position : members) {
                job.done.incrementAndGet();
                long current = index.person(position);
                if (person != null && current == person) {
                    continue;
                }
                String patient = patients.get(position);
                if (placedByPersons.contains(patient)) {
                    job.kept++;
                    continue;
                }
                if (needsNew) {
                    person = moves.newPerson();
                    needsNew = false;
                }
                moves.move(patient, person, MpiEvents.Action.MOVE, LinkRule.RELINK, "re-link job " + job.id, null, decider);
                index.setPerson(position, person);
                job.moved++;
            }
            if (person != null) {
                claimed.add(person);
            }
        }
        Set<Long> proposed = new HashSet<>();
        for (BatchLinker.ReviewPair pair : result.reviews()) {
            long a = index.person(pair.a());
            long b = index.person(pair.b());
            if (a != b) {
                proposed.add(reviews.propose(patients.get(pair.a()), new Matcher.PersonScore(b, patients.get(pair.b()), pair.score())));
            }
        }
        reviews.obsoleteExcept(proposed);
        job.reviews = proposed.size();
    }

    private Set<String> separatedPairs() {
        Set<String> pairs = new HashSet<>();
        jdbc.query("select patient_id, candidate_person from mpi_review where status = 'SEPARATED'", rs -> {
            pairs.add(rs.getString(1) + "|" + rs.getLong(2));
        });
        return pairs;
    }
}
