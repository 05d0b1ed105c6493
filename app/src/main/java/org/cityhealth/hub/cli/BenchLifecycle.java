package org.cityhealth.hub.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.store.FhirDates;
import org.cityhealth.hub.store.TieredStorage;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The storage lifecycle on a generated city: hot→cold migration throughput (a real lifecycle run), compression per
 * tier, recall latency of a person's whole multi-year archive, and {@code $everything} latency on hot persons while
 * idle and while a migration runs.
 *
 * <p>The persons are split in three: Q, queried throughout and kept hot (recalled with a long time-to-live, so every
 * run leaves them alone); A, migrated by a first run with nothing else going on (the throughput figure); B, kept hot
 * through that run (time-to-live just past its as-of day) and migrated by a second run during which the same
 * {@code $everything} requests as the idle measurement run. Both runs use the hub's default policy and settings.
 */
@Command(name = "lifecycle", mixinStandardHelpOptions = true,
        description = "Storage lifecycle: hot→cold records/s, compression per tier, recall p50/p95, $everything p50/p99 idle vs during a migration.")
class BenchLifecycle implements Callable<Integer> {

    /** Every record of the generated history (2016-07 … 2026-06) is then more than three years old: the policy makes it cold. */
    private static final LocalDate FIRST_AS_OF = LocalDate.of(2031, 1, 1);
    private static final LocalDate SECOND_AS_OF = LocalDate.of(2032, 1, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--residents", defaultValue = "2000", description = "residents of the generated city (default: ${DEFAULT-VALUE})")
    int residents;

    @Option(names = "--recalls", defaultValue = "200", description = "persons recalled one by one for the recall latency (default: ${DEFAULT-VALUE})")
    int recalls;

    @Option(names = "--queried", defaultValue = "50", description = "hot persons whose $everything is timed (default: ${DEFAULT-VALUE})")
    int queried;

    @Option(names = "--requests", defaultValue = "600", description = "timed $everything requests while idle (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--warm-persons", defaultValue = "100", description = "persons whose hot records are moved to warm directly, for the warm figures (default: ${DEFAULT-VALUE})")
    int warmPersons;

    @Option(names = "--seed", defaultValue = "7", description = "city and sampling seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--archive-index", description = "experiment: add an index on resource(archive_id) before the runs (the schema has none;"
            + " every archive check then scans all cold rows)")
    boolean archiveIndex;

    @Option(names = "--db", description = "PostgreSQL instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/test")
    String postgres;

    private BenchHub hub;

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("cityhealth-bench-");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("cityhealth.lifecycle.schedule", "0");
        settings.put("cityhealth.lifecycle.scrub-schedule", "0");
        settings.put("cityhealth.mpi.training-check", "1h");
        try (BenchHub started = BenchHub.start(postgres, settings, data)) {
            hub = started;
            run(data);
        }
        return 0;
    }

    private void run(Path data) throws Exception {
        JdbcTemplate jdbc = hub.bean(JdbcTemplate.class);
        TieredStorage tiers = hub.bean(TieredStorage.class);
        System.out.printf("bench lifecycle: %,d residents (seed %d), %s, %d cores%n", residents, seed, postgres == null ? "H2" : "PostgreSQL",
                Runtime.getRuntime().availableProcessors());
        CityLoader.Result load = hub.load(new CityGenerator(CitySpec.ofResidents(residents, seed).withResidentsPerBundle(10)), 4);
        Map<String, Integer> plainBytes = new java.util.HashMap<>();
        jdbc.query("select res_id, version, octet_length(body) from resource", rs -> {
            plainBytes.put(rs.getString(1) + "/" + rs.getInt(2), rs.getInt(3));
        });
        long plainTotal = plainBytes.values().stream().mapToLong(Integer::longValue).sum();
        System.out.printf("loaded %,d resources (%,d versions, %.1f MB of JSON) in %.0f s%n", load.resources(),
                plainBytes.size(), plainTotal / 1e6, load.seconds());

        long databaseAfterLoad = diskBytes(data.resolve("db"));
        if (archiveIndex) {
            jdbc.execute("create index bench_resource_archive on resource (archive_id)");
            System.out.println("experiment: index resource(archive_id) added");
        }

        // Split the persons: Q queried and kept hot, W warmed directly, A migrated alone, B migrated while Q is queried.
        Map<Long, String> patients = new LinkedHashMap<>();
        jdbc.query("""
                select p.person_key, min(l.patient_id) from person p join patient_link l on l.person_key = p.person_key
                where p.merged_into is null group by p.person_key order by p.person_key""", rs -> {
            patients.put(rs.getLong(1), rs.getString(2));
        });
        List<Long> persons = new ArrayList<>(patients.keySet());
        Random random = new Random(seed);
        Collections.shuffle(persons, random);
        List<Long> q = persons.subList(0, Math.min(queried, persons.size()));
        List<Long> rest = persons.subList(q.size(), persons.size());
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            (i % 2 == 0 ? a : b).add(rest.get(i));
        }
        Instant forever = LocalDate.of(2100, 1, 1).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
        Instant pastFirstRun = FIRST_AS_OF.plusDays(1).atStartOfDay(FhirDates.LOCAL_ZONE).toInstant();
        for (long person : q) {
            tiers.recall(person, forever, "bench: queried persons stay hot", LedgerEvent.Actor.CONSOLE);
        }
        for (long person : b) {
            tiers.recall(person, pastFirstRun, "bench: migrated by the second run", LedgerEvent.Actor.CONSOLE);
        }
        System.out.printf("persons: %,d; A %,d migrated by a run alone, B %,d by a run during reads, Q %,d queried (kept hot)%n",
                persons.size(), a.size(), b.size(), q.size());

        // Warm: move every hot record of some B persons to warm directly (the policy warms records 1–3 years old; these
        // are a person's whole record, a similar mix). The first move trains the zstd dictionary.
        // One Observation of a B person first: the move trains the dictionary (timed apart from the warm figures).
        List<String> sample = jdbc.queryForList("select res_id from resource where person_key = ? and tier = 'H' and res_type = 'Observation'",
                String.class, b.get(0));
        long trainStart = System.nanoTime();
        tiers.toWarm(sample.isEmpty() ? jdbc.queryForList("select res_id from resource where tier = 'H' and res_type = 'Observation' and person_key in ("
                + String.join(",", b.stream().map(String::valueOf).toList()) + ") fetch first 1 rows only", String.class)
                : sample.subList(0, 1), LedgerEvent.Actor.CONSOLE);
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        // Only records the default policy would not keep hot (emergency elements, problems, medication, blood type):
        // a warm person's Patient would otherwise make the next run recall the person whole.
        List<String> warmIds = new ArrayList<>();
        for (long person : b.subList(1, Math.min(b.size(), warmPersons + 1))) {
            warmIds.addAll(jdbc.queryForList("""
                    select distinct r.res_id from resource r where r.person_key = ? and r.tier = 'H'
                    and r.res_type not in ('Patient', 'AllergyIntolerance', 'Device', 'Flag', 'Condition', 'MedicationRequest', 'MedicationStatement')
                    and not exists (select 1 from search_token t where t.res_id = r.res_id and t.param = 'code' and t.code in ('882-1', '883-9', '10331-7'))""",
                    String.class, person));
        }
        long warmStart = System.nanoTime();
        TieredStorage.Move warm = tiers.toWarm(warmIds, LedgerEvent.Actor.CONSOLE);
        double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
        System.out.printf("hot→warm: %,d records of %d persons in %.1f s = %,.0f records/s (TieredStorage.toWarm directly; dictionary trained before, in %.1f s)%n",
                warm.records(), Math.min(b.size() - 1, warmPersons), warmSeconds, warm.records() / warmSeconds, trainSeconds);

        // $everything warm-up (the idle figure is taken just before the second run, in the store as that run finds it).
        List<String> mix = q.stream().map(patients::get).toList();
        for (int i = 0; i < Math.max(300, 3 * mix.size()); i++) {
            everything(mix.get(i % mix.size()));
        }

        // The first run: A alone, nothing else running.
        JsonNode first = runLifecycle(FIRST_AS_OF, null);
        double firstSeconds = first.path("seconds").asDouble();
        long firstRecords = records(first);
        System.out.printf("migration: %,d records in %.1f s = %,.0f records/s (a lifecycle run as of %s over %,d persons, %,d of them moved; %s)%n",
                firstRecords, firstSeconds, firstRecords / firstSeconds, FIRST_AS_OF, persons.size(), a.size(), transitions(first));

        // Idle, then the second run (B) while the same $everything requests run one after another, then idle again.
        settle();
        double[] idle = timed(mix, requests);
        List<Double> during = new ArrayList<>();
        AtomicBoolean migrating = new AtomicBoolean(true);
        Thread reader = Thread.ofPlatform().name("bench-reader").start(() -> {
            int i = 0;
            while (migrating.get()) {
                try {
                    double millis = everything(mix.get(i++ % mix.size()));
                    if (migrating.get()) {
                        synchronized (during) {
                            during.add(millis);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        JsonNode second = runLifecycle(SECOND_AS_OF, migrating);
        reader.join();
        double secondSeconds = second.path("seconds").asDouble();
        long secondRecords = records(second);
        System.out.printf("migration during reads: %,d records in %.1f s = %,.0f records/s (as of %s, B's %,d persons; %s)%n",
                secondRecords, secondSeconds, secondRecords / secondSeconds, SECOND_AS_OF, b.size(), transitions(second));
        List<Long> promoted = jdbc.queryForList("select distinct person_key from storage_move where kind = 'RECALL' and detail like 'lifecycle%'", Long.class);
        if (!promoted.isEmpty()) {
            long deceased = promoted.stream().filter(person -> jdbc.queryForList(
                    "select body from resource where person_key = ? and res_type = 'Patient' and current_version and tier = 'H'", byte[].class, person)
                    .stream().map(body -> new String(body, java.nio.charset.StandardCharsets.UTF_8))
                    .anyMatch(json -> json.contains("\"deceasedDateTime\"") || json.contains("\"deceasedBoolean\":true"))).count();
            System.out.printf("  recalled whole by the policy (a record wanted hot again): %,d persons, %,d of them deceased%n",
                    promoted.size(), deceased);
        }
        double[] busy = during.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        settle();
        double[] idleAfter = timed(mix, requests);

        // Compression per tier: plain JSON bytes / stored bytes.
        long coldJson = 0;
        for (Map<String, Object> row : jdbc.queryForList("select res_id, version from resource where tier = 'C'")) {
            coldJson += plainBytes.getOrDefault(row.get("res_id") + "/" + row.get("version"), 0);
        }
        long coldStored = jdbc.queryForObject("select coalesce(sum(stored_bytes), 0) from cold_archive where state = 'ACTIVE'", Long.class);
        long coldNdjson = jdbc.queryForObject("select coalesce(sum(plain_bytes), 0) from cold_archive where state = 'ACTIVE'", Long.class);
        long coldRecords = jdbc.queryForObject("select count(*) from resource where tier = 'C'", Long.class);
        long archives = jdbc.queryForObject("select count(*) from cold_archive where state = 'ACTIVE'", Long.class);
        long onDisk = diskBytes(data.resolve("objects/cold"));
        long manifests = diskBytes(data.resolve("objects/cold"), ".manifest.json");
        System.out.printf("compression: warm %.1f×, cold %.1f× (plain JSON / stored: warm %.1f MB / %.1f MB, each body alone with the trained dictionary;"
                        + " cold %.1f MB / %.1f MB of compressed archives)%n",
                (double) warm.bytesBefore() / warm.bytesAfter(), (double) coldJson / coldStored, warm.bytesBefore() / 1e6, warm.bytesAfter() / 1e6,
                coldJson / 1e6, coldStored / 1e6);
        System.out.printf("cold store: %,d records in %,d archives (median %.0f records); NDJSON with metadata %.1f MB; on disk, encrypted,"
                        + " %.1f MB = archives %.1f MB + manifests %.1f MB, so JSON / on disk %.1f×%n",
                coldRecords, archives, median(jdbc.queryForList("select records from cold_archive where state = 'ACTIVE'", Long.class)),
                coldNdjson / 1e6, onDisk / 1e6, (onDisk - manifests) / 1e6, manifests / 1e6, (double) coldJson / onDisk);

        double idle99 = BenchHub.percentile(idle, 99);
        double busy99 = BenchHub.percentile(busy, 99);
        if (postgres == null) {
            System.out.printf("H2 file: %.0f MB after the load, %.0f MB after the migrations%n", databaseAfterLoad / 1e6, diskBytes(data.resolve("db")) / 1e6);
        }
        System.out.printf("$everything p99: idle %.1f ms, during migration %.1f ms (%+.0f %%); p50: idle %.1f ms, during migration %.1f ms"
                        + " (%d hot persons of %,d–%,d resources, one request at a time; n=%d idle, %d during)%n",
                idle99, busy99, (busy99 / idle99 - 1) * 100, BenchHub.percentile(idle, 50), BenchHub.percentile(busy, 50), mix.size(),
                resources(jdbc, q, true), resources(jdbc, q, false), idle.length, busy.length);
        System.out.printf("$everything idle again after the second run: p50 %.1f ms, p99 %.1f ms (n=%d)%n", BenchHub.percentile(idleAfter, 50),
                BenchHub.percentile(idleAfter, 99), idleAfter.length);

        // Recall: persons with cold records, one at a time, from the local object store.
        List<Long> recallable = new ArrayList<>();
        for (long person : rest) {
            if (tiers.offHot(person).cold() > 0) {
                recallable.add(person);
            }
        }
        Collections.shuffle(recallable, random);
        List<Long> recalled = recallable.subList(0, Math.min(recalls, recallable.size()));
        double[] recallMillis = new double[recalled.size()];
        long[] recordsRecalled = new long[recalled.size()];
        long[] archivesRecalled = new long[recalled.size()];
        for (int i = 0; i < recalled.size(); i++) {
            archivesRecalled[i] = tiers.archives(recalled.get(i), "ACTIVE").size();
            long begin = System.nanoTime();
            HttpResponse<byte[]> response = post("/admin/storage/persons/" + recalled.get(i) + "/recall?reason=bench");
            recallMillis[i] = (System.nanoTime() - begin) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("recall answered HTTP " + response.statusCode() + " " + new String(response.body()));
            }
            recordsRecalled[i] = JSON.readTree(response.body()).path("records").asLong();
        }
        Arrays.sort(recallMillis);
        Arrays.sort(recordsRecalled);
        Arrays.sort(archivesRecalled);
        System.out.printf("recall: p50 %.0f ms, p95 %.0f ms (n=%d; a person's whole record: median %d archives, %,d records; max %d archives, %,d records)%n",
                BenchHub.percentile(recallMillis, 50), BenchHub.percentile(recallMillis, 95), recalled.size(),
                archivesRecalled.length == 0 ? 0 : archivesRecalled[archivesRecalled.length / 2],
                recordsRecalled.length == 0 ? 0 : recordsRecalled[recordsRecalled.length / 2],
                archivesRecalled.length == 0 ? 0 : archivesRecalled[archivesRecalled.length - 1],
                recordsRecalled.length == 0 ? 0 : recordsRecalled[recordsRecalled.length - 1]);
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    private static long resources(JdbcTemplate jdbc, List<Long> persons, boolean min) {
        List<Long> counts = new ArrayList<>();
        for (long person : persons) {
            counts.add(jdbc.queryForObject("select count(*) from resource where person_key = ? and current_version and not deleted", Long.class, person));
        }
        return min ? Collections.min(counts) : Collections.max(counts);
    }

    /** Starts a lifecycle run and waits for it; the result carries "seconds" (start to DONE as the client saw it). */
    private JsonNode runLifecycle(LocalDate asOf, AtomicBoolean running) throws Exception {
        long begin = System.nanoTime();
        HttpResponse<byte[]> started = post("/admin/storage/lifecycle?dryRun=false&asOf=" + asOf);
        if (started.statusCode() != 202) {
            throw new IllegalStateException("the lifecycle run was refused: HTTP " + started.statusCode() + " " + new String(started.body()));
        }
        JsonNode job = JSON.readTree(started.body());
        try {
            while ("RUNNING".equals(job.path("state").asText())) {
                Thread.sleep(100);
                job = JSON.readTree(hub.get("/admin/storage/lifecycle/" + job.path("id").asLong()).body());
            }
        } finally {
            if (running != null) {
                running.set(false);
            }
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (!"DONE".equals(job.path("state").asText())) {
            throw new IllegalStateException("the lifecycle run failed: " + job);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) job).put("seconds", seconds);
        return job;
    }

    private static long records(JsonNode job) {
        long records = 0;
        for (Map.Entry<String, JsonNode> transition : job.path("transitions").properties()) {
            if (!transition.getKey().equals("FAILED")) {
                records += transition.getValue().path("records").asLong();
            }
        }
        return records;
    }

    private static String transitions(JsonNode job) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> transition : job.path("transitions").properties()) {
            parts.add(transition.getKey() + " " + String.format("%,d", transition.getValue().path("records").asLong()));
        }
        return parts.isEmpty() ? "nothing moved" : String.join(", ", parts);
    }

    private double[] timed(List<String> mix, int count) throws Exception {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            millis[i] = everything(mix.get(i % mix.size()));
        }
        Arrays.sort(millis);
        return millis;
    }

    /** Waits (at most a minute) until the hub's process uses less than 10 % of a core for two seconds in a row. */
    private static void settle() throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long deadline = System.nanoTime() + 60_000_000_000L;
        int quiet = 0;
        while (quiet < 2 && System.nanoTime() < deadline) {
            long cpu = os.getProcessCpuTime();
            Thread.sleep(1000);
            quiet = os.getProcessCpuTime() - cpu < 100_000_000L ? quiet + 1 : 0;
        }
    }

    private double everything(String patient) throws Exception {
        long begin = System.nanoTime();
        HttpResponse<byte[]> response = hub.get("/fhir/Patient/" + patient + "/$everything");
        double millis = (System.nanoTime() - begin) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("$everything answered HTTP " + response.statusCode());
        }
        return millis;
    }

    private HttpResponse<byte[]> post(String path) throws Exception {
        return hub.client.send(HttpRequest.newBuilder(URI.create(hub.url + path)).header("Authorization", hub.basicAuthorization)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static long diskBytes(Path dir) throws IOException {
        return diskBytes(dir, "");
    }

    /** Bytes of the regular files under {@code dir} whose names end with {@code suffix}. */
    private static long diskBytes(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(path -> path.getFileName().toString().endsWith(suffix))
                    .mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
