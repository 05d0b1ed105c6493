package org.cityhealth.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictDecompress;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import org.cityhealth.synthetic.GeneratedBundle;
import org.cityhealth.synthetic.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A crash at any point leaves every record readable": a hub (child JVM, H2) holding a generated city of some
 * thousand persons with ten years of records is killed with SIGKILL at random points while the storage lifecycle
 * migrates it hot → warm/cold, restarted, and the migration started again; then a run completes and reconciliation
 * runs. After every crash and at the end, every resource version must be in exactly one tier with its content
 * intact (its SHA-256 as before the migration, checked in SQL for all versions: hot bodies, decompressed warm bodies,
 * the SHA-256 on record for cold ones, which the full scrub checks every archive against); at the end no object of
 * the cold store may be orphaned or missing, a full scrub must find nothing damaged, and a sample of persons' records
 * read through {@code $everything} must serve exactly the bytes they served before the migration.
 *
 * <p>Seed: {@code -Dlifecycle.crash.seed=…} (printed in every assertion message); persons: {@code -Dlifecycle.crash.residents=…}.
 */
class LifecycleCrashIT {

    private static final long SEED = Long.getLong("lifecycle.crash.seed", 20261124L);
    private static final int RESIDENTS = Integer.getInteger("lifecycle.crash.residents", 1000);
    private static final int KILLS = 3;
    private static final int SAMPLE = 200;
    /** Records of 2025-01 … 2026-06 are then 1–3 years old (warm), older ones cold; inactive and deceased persons cold. */
    private static final String AS_OF = "2028-01-01";
    private static final String PASSWORD = "lifecycle-crash-password";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    private int port;
    private HubClient client;
    private final long started = System.nanoTime();

    @Test
    void aCrashAtAnyPointOfAMigrationLeavesEveryRecordReadable() throws Exception {
        Random random = new Random(SEED);
        String seed = "seed " + SEED;
        port = freePort();
        client = new HubClient(port, PASSWORD);
        Process hub = start();
        Map<String, String> before;
        Map<Long, String> sample;
        Map<Long, Map<String, String>> servedBefore = new TreeMap<>();
        try {
            awaitHealthy(hub);
            load();
            log("loaded");
            before = versions();
            log("snapshot of " + before.size() + " versions");
            assertThat(before).as("%s: the city was loaded", seed).hasSizeGreaterThan(RESIDENTS * 50);
            sample = sample(random);
            for (Map.Entry<Long, String> person : sample.entrySet()) {
                servedBefore.put(person.getKey(), everything(person.getValue(), seed));
            }
            log("snapshot of " + before.size() + " versions, $everything of " + sample.size() + " persons");

            // Kill points in three different stretches of the run, each later than the last, so that every kill lands
            // among persons being moved (a restarted run passes quickly over those already moved).
            for (int kill = 0; kill < KILLS; kill++) {
                double fraction = 0.08 + kill * 0.29 + random.nextDouble() * 0.25;
                int delayMillis = random.nextInt(400);
                JsonNode job = startLifecycle(seed);
                long total = job.path("personsTotal").asLong();
                long target = Math.round(fraction * total);
                while (job.path("personsDone").asLong() < target) {
                    assertThat(job.path("state").asText()).as("%s: run %d reached its kill point %d of %d persons: %s", seed, kill + 1,
                            target, total, job).isEqualTo("RUNNING");
                    Thread.sleep(20);
                    job = client.get("/admin/storage/lifecycle/" + job.path("id").asLong()).json();
                }
                Thread.sleep(delayMillis);
                job = client.get("/admin/storage/lifecycle/" + job.path("id").asLong()).json();
                assertThat(job.path("state").asText()).as("%s: run %d still running at its kill point: %s", seed, kill + 1, job)
                        .isEqualTo("RUNNING");
                hub.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                log("killed run " + (kill + 1) + " at " + job.path("personsDone").asLong() + "/" + total + " persons (+" + delayMillis
                        + " ms), moved so far " + job.path("transitions"));
                hub = start();
                awaitHealthy(hub);
                checkInvariants(before, seed + ", after kill " + (kill + 1), false);
                log("invariants hold after kill " + (kill + 1));
            }

            JsonNode finished = awaitDone(startLifecycle(seed), seed);
            log("final run: " + finished.path("transitions"));
            assertThat(finished.path("transitions").has("FAILED")).as("%s: no move of the final run failed: %s", seed, finished).isFalse();
            try (Connection db = database()) {
                assertThat(count(db, "select count(*) from resource where tier = 'C'")).as("%s: the migration archived records", seed).isPositive();
                assertThat(count(db, "select count(*) from resource where tier = 'W'")).as("%s: the migration warmed records", seed).isPositive();
                assertThat(count(db, "select count(*) from resource where tier = 'H'")).as("%s: emergency elements stay hot", seed).isPositive();
            }

            JsonNode reconciled = post("/admin/storage/reconcile?includeRecent=true", seed);
            log("reconcile: " + reconciled);
            assertThat(reconciled.path("missing").asInt()).as("%s: no active archive lacks its object: %s", seed, reconciled).isZero();
            JsonNode again = post("/admin/storage/reconcile?includeRecent=true", seed);
            assertThat(again.path("orphansDeleted").asInt() + again.path("retiredDeleted").asInt())
                    .as("%s: a second reconciliation finds nothing left to delete: %s", seed, again).isZero();
            checkInvariants(before, seed + ", after the final run and reconciliation", true);
            log("invariants hold after the final run");

            JsonNode scrub = post("/admin/storage/scrub?full=true", seed);
            log("scrub: archives " + scrub.path("archives") + ", vault objects " + scrub.path("vaultObjects") + ", damaged " + scrub.path("damaged"));
            assertThat(scrub.path("archives").asInt()).as("%s: the scrub checked the archives", seed).isPositive();
            assertThat(scrub.path("damaged").asInt()).as("%s: a full scrub finds nothing damaged: %s", seed, scrub).isZero();
            assertThat(scrub.path("unrepaired").asInt()).as("%s: %s", seed, scrub).isZero();

            // The real proof: the sampled persons' records, mostly cold now, read back exactly as served before.
            int offHot = 0;
            try (Connection db = database()) {
                Set<Long> persons = Set.copyOf(strings(db, "select cast(person_key as varchar) from person_storage where warm_records + cold_records > 0")
                        .stream().map(Long::valueOf).toList());
                offHot = (int) sample.keySet().stream().filter(persons::contains).count();
                log("persons promoted back to hot by the lifecycle over all runs: "
                        + count(db, "select count(distinct person_key) from storage_move where kind = 'RECALL' and detail like 'lifecycle policy%'"));
            }
            assertThat(offHot).as("%s: most sampled persons have records off the hot tier", seed).isGreaterThan(sample.size() / 2);
            for (Map.Entry<Long, String> person : sample.entrySet()) {
                Map<String, String> now = everything(person.getValue(), seed);
                Map<String, String> was = servedBefore.get(person.getKey());
                if (!now.equals(was)) {
                    List<String> differences = new ArrayList<>();
                    for (String reference : union(was.keySet(), now.keySet())) {
                        if (!java.util.Objects.equals(was.get(reference), now.get(reference))) {
                            differences.add(reference + (was.containsKey(reference) ? now.containsKey(reference) ? " changed" : " lost" : " appeared"));
                        }
                    }
                    fail("%s: person %d (Patient/%s) reads back differently after the migration: %d of %d resources differ, first %s",
                            seed, person.getKey(), person.getValue(), differences.size(), was.size(), differences.subList(0, Math.min(10, differences.size())));
                }
            }
            log("$everything of " + sample.size() + " persons (" + offHot + " with records off hot) reads back byte for byte");
            checkInvariants(before, seed + ", after recalling the sample", true);
        } finally {
            hub.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        log("done");
    }

    // ---------------------------------------------------------------- the checks

    /**
     * Every version is in exactly one tier with its content intact; {@code settled}: also no orphan or stray object in
     * the cold store (reconciliation has run). Reads the tables once each through the running hub's H2 server
     * (AUTO_SERVER) and checks in memory: correlated queries over the resource table take minutes on H2.
     */
    private void checkInvariants(Map<String, String> before, String when, boolean settled) throws Exception {
        record Archive(long person, String state, int records, String objectKey) {
        }
        Map<Long, Archive> archives = new HashMap<>();
        Map<String, byte[][]> warmRows = new HashMap<>();
        Map<Integer, ZstdDictDecompress> dictionaries = new HashMap<>();
        Map<Long, int[]> counters = new HashMap<>();
        Map<String, String> after = new HashMap<>();
        Map<String, Long> tiers = new TreeMap<>();
        Map<Long, Integer> pointingAt = new HashMap<>();
        Map<Long, int[]> offHot = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        try (Connection db = database(); Statement statement = db.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select id, person_key, state, records, object_key from cold_archive")) {
                while (rs.next()) {
                    archives.put(rs.getLong(1), new Archive(rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5)));
                }
            }
            try (ResultSet rs = statement.executeQuery("select person_key, warm_records, cold_records from person_storage")) {
                while (rs.next()) {
                    counters.put(rs.getLong(1), new int[] {rs.getInt(2), rs.getInt(3)});
                }
            }
            try (ResultSet rs = statement.executeQuery("select res_id, version, dict_id, body from resource_warm")) {
                while (rs.next()) {
                    byte[] body = warmBody(db, dictionaries, (Integer) rs.getObject(3), rs.getBytes(4));
                    if (warmRows.put(rs.getString(1) + "/" + rs.getInt(2), new byte[][] {sha256(body).getBytes(StandardCharsets.US_ASCII)}) != null) {
                        wrong.add(rs.getString(1) + "/" + rs.getInt(2) + " (two resource_warm rows)");
                    }
                }
            }
            try (ResultSet rs = statement.executeQuery("""
                    select res_id, version, tier, person_key, archive_id, body_sha256, lower(rawtohex(hash('SHA-256', body))) from resource""")) {
                while (rs.next()) {
                    String key = rs.getString(1) + "/" + rs.getInt(2);
                    String tier = rs.getString(3);
                    long person = rs.getLong(4);
                    Long archiveId = (Long) rs.getObject(5);
                    String recorded = rs.getString(6);
                    String hotBody = rs.getString(7);
                    tiers.merge(tier, 1L, Long::sum);
                    String sha256 = switch (tier) {
                        case "H" -> {
                            if (hotBody == null) {
                                wrong.add(key + " (hot without a body)");
                            }
                            if (archiveId != null) {
                                wrong.add(key + " (hot but naming archive " + archiveId + ")");
                            }
                            yield hotBody;
                        }
                        case "W" -> {
                            byte[][] warm = warmRows.remove(key);
                            if (hotBody != null || archiveId != null) {
                                wrong.add(key + " (warm but with a hot body or an archive)");
                            }
                            if (warm == null) {
                                wrong.add(key + " (warm without its resource_warm row)");
                                yield null;
                            }
                            String body = new String(warm[0], StandardCharsets.US_ASCII);
                            if (!body.equals(recorded)) {
                                wrong.add(key + " (warm body does not match its body_sha256)");
                            }
                            offHot.computeIfAbsent(person, p -> new int[2])[0]++;
                            yield body;
                        }
                        case "C" -> {
                            Archive archive = archiveId == null ? null : archives.get(archiveId);
                            if (hotBody != null) {
                                wrong.add(key + " (cold but with a hot body)");
                            }
                            if (archive == null || !"ACTIVE".equals(archive.state())) {
                                wrong.add(key + " (cold in archive " + archiveId + ", which is " + (archive == null ? "unknown" : archive.state()) + ")");
                            } else if (archive.person() != person) {
                                wrong.add(key + " (cold in archive " + archiveId + " of another person)");
                            }
                            if (archiveId != null) {
                                pointingAt.merge(archiveId, 1, Integer::sum);
                            }
                            offHot.computeIfAbsent(person, p -> new int[2])[1]++;
                            yield recorded;
                        }
                        default -> {
                            wrong.add(key + " (unknown tier " + tier + ")");
                            yield null;
                        }
                    };
                    if (after.put(key, String.valueOf(sha256)) != null) {
                        wrong.add(key + " (two rows)");
                    }
                    if (sha256 != null && !sha256.equals(before.get(key))) {
                        wrong.add(key + " in tier " + tier + (before.containsKey(key) ? " (content differs from before the migration)" : " (new)"));
                    }
                }
            }
        }
        // (a) every version in exactly one tier, its copy where the tier says, with the content it had before
        List<String> lost = before.keySet().stream().filter(key -> !after.containsKey(key)).sorted().limit(10).toList();
        assertThat(lost).as("%s: versions lost", when).isEmpty();
        assertThat(wrong).as("%s: versions not in exactly one tier as before the migration (first of %d)", when, wrong.size())
                .isEmpty();
        assertThat(after).as("%s", when).hasSameSizeAs(before);
        // (b) nothing duplicated: no warm copy of a version that is not warm, no ACTIVE archive holding other versions than
        // the rows pointing at it (a second copy of a version that lives elsewhere), per-person counters exact (reads skip
        // every tier check for a person whose counters say 0)
        assertThat(warmRows.keySet().stream().sorted().limit(10).toList()).as("%s: resource_warm rows without a warm version", when).isEmpty();
        List<String> overfull = archives.entrySet().stream().filter(a -> "ACTIVE".equals(a.getValue().state()))
                .filter(a -> a.getValue().records() != pointingAt.getOrDefault(a.getKey(), 0))
                .map(a -> a.getKey() + " (" + a.getValue().records() + " records, " + pointingAt.getOrDefault(a.getKey(), 0) + " rows)")
                .sorted().limit(10).toList();
        assertThat(overfull).as("%s: ACTIVE archives holding other versions than the rows that point at them", when).isEmpty();
        List<String> miscounted = new ArrayList<>();
        offHot.forEach((person, actual) -> {
            int[] counted = counters.get(person);
            if (counted == null || counted[0] != actual[0] || counted[1] != actual[1]) {
                miscounted.add(person + ": warm/cold " + actual[0] + "/" + actual[1] + ", counted " + (counted == null ? "nothing" : counted[0] + "/" + counted[1]));
            }
        });
        counters.forEach((person, counted) -> {
            if ((counted[0] != 0 || counted[1] != 0) && !offHot.containsKey(person)) {
                miscounted.add(person + ": all hot, counted " + counted[0] + "/" + counted[1]);
            }
        });
        assertThat(miscounted).as("%s: person_storage counters that disagree with the rows", when).isEmpty();

        // (c) the cold store: every ACTIVE archive has its object and manifest; settled, every file belongs to one
        Path root = data.resolve("objects");
        Set<String> files = new java.util.HashSet<>();
        if (Files.isDirectory(root.resolve("cold"))) {
            try (Stream<Path> walk = Files.walk(root.resolve("cold"))) {
                walk.filter(Files::isRegularFile).forEach(file -> files.add(root.relativize(file).toString().replace('\\', '/')));
            }
        }
        Set<String> active = new java.util.HashSet<>();
        List<String> missing = new ArrayList<>();
        for (Archive archive : archives.values()) {
            if ("ACTIVE".equals(archive.state())) {
                active.add(archive.objectKey());
                for (String key : List.of(archive.objectKey(), archive.objectKey().replace(".ndjson.zst", ".manifest.json"))) {
                    if (!files.contains(key)) {
                        missing.add(key);
                    }
                }
            }
        }
        assertThat(missing).as("%s: objects of ACTIVE archives missing from the object store", when).isEmpty();
        if (settled) {
            List<String> orphans = files.stream().filter(key -> !active.contains(key.replace(".manifest.json", ".ndjson.zst"))).sorted().toList();
            assertThat(orphans).as("%s: files under objects/cold/ that belong to no ACTIVE archive (%d of %d files)", when, orphans.size(), files.size())
                    .isEmpty();
        }
        log(when + ": " + after.size() + " versions by tier " + tiers + ", " + active.size() + " active archives, " + files.size() + " files");
    }

    private static byte[] warmBody(Connection db, Map<Integer, ZstdDictDecompress> dictionaries, Integer dictionary, byte[] packed)
            throws SQLException {
        if (packed == null) {
            return new byte[0];
        }
        int size = (int) Zstd.getFrameContentSize(packed);
        if (dictionary == null) {
            return Zstd.decompress(packed, size);
        }
        ZstdDictDecompress decompressor = dictionaries.get(dictionary);
        if (decompressor == null) {
            try (var statement = db.prepareStatement("select dict from zstd_dictionary where id = ?")) {
                statement.setInt(1, dictionary);
                try (ResultSet rs = statement.executeQuery()) {
                    assertThat(rs.next()).as("zstd dictionary %d exists", dictionary).isTrue();
                    decompressor = new ZstdDictDecompress(rs.getBytes(1));
                }
            }
            dictionaries.put(dictionary, decompressor);
        }
        return Zstd.decompress(packed, decompressor, size);
    }

    /** Every stored version (res_id/version) → SHA-256 of its body, before anything moved. */
    private Map<String, String> versions() throws SQLException {
        Map<String, String> versions = new HashMap<>();
        try (Connection db = database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select res_id, version, tier, lower(rawtohex(hash('SHA-256', body))) from resource")) {
            while (rs.next()) {
                assertThat(rs.getString(3)).as("seed %d: everything is hot before the migration", SEED).isEqualTo("H");
                assertThat(rs.getString(4)).as("seed %d: hot versions have a body", SEED).isNotNull();
                versions.put(rs.getString(1) + "/" + rs.getInt(2), rs.getString(4));
            }
        }
        return versions;
    }

    /** A random sample of persons (seeded), each with one of its Patient ids. */
    private Map<Long, String> sample(Random random) throws SQLException {
        Map<Long, String> patients = new TreeMap<>();
        try (Connection db = database(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select person_key, min(patient_id) from patient_link group by person_key order by person_key")) {
            while (rs.next()) {
                patients.put(rs.getLong(1), rs.getString(2));
            }
        }
        assertThat(patients.size()).as("seed %d: persons of the city", SEED).isGreaterThanOrEqualTo(1000);
        List<Long> keys = new ArrayList<>(patients.keySet());
        Collections.shuffle(keys, random);
        Map<Long, String> sample = new TreeMap<>();
        keys.stream().limit(SAMPLE).forEach(key -> sample.put(key, patients.get(key)));
        return sample;
    }

    /** The person's whole record as served by $everything: reference → resource JSON as served. */
    private Map<String, String> everything(String patient, String seed) throws InterruptedException {
        Map<String, String> resources = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HubClient.Response page = client.get("/fhir/Patient/" + patient + "/$everything?_count=5000");
            if (page.status() == 503 && System.nanoTime() < deadline) {
                Thread.sleep(200); // a recall past the synchronous budget: come back shortly
                continue;
            }
            assertThat(page.status()).as("%s: $everything of Patient/%s: %s", seed, patient, page.body()).isEqualTo(200);
            JsonNode bundle = page.json();
            for (JsonNode link : bundle.path("link")) {
                assertThat(link.path("relation").asText()).as("%s: Patient/%s fits one page", seed, patient).isNotEqualTo("next");
            }
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode resource = entry.path("resource");
                String reference = resource.path("resourceType").asText() + "/" + resource.path("id").asText();
                assertThat(resources.put(reference, resource.toString())).as("%s: %s served once in $everything of Patient/%s", seed, reference, patient)
                        .isNull();
            }
            return resources;
        }
    }

    // ---------------------------------------------------------------- the hub

    private Process start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx768m", "--enable-native-access=ALL-UNNAMED",
                "-Dcityhealth.lifecycle.schedule=0", "-Dcityhealth.lifecycle.pause=0ms", "-Dcityhealth.lifecycle.batch-persons=20",
                "-Dcityhealth.lifecycle.scrub-schedule=0", "-Dcityhealth.mpi.training-check=1h",
                "-cp", System.getProperty("java.class.path"),
                "org.cityhealth.hub.cli.CityHealthCli", "serve", "--data", data.toString(), "--port", Integer.toString(port));
        builder.environment().put("CITYHEALTH_ADMIN_PASSWORD", PASSWORD);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("hub.log").toFile()));
        return builder.start();
    }

    private void awaitHealthy(Process hub) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!hub.isAlive()) {
                throw new IllegalStateException("the hub exited with " + hub.exitValue() + "; see " + data.resolve("hub.log") + " (seed " + SEED + ")");
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the hub did not become healthy (seed " + SEED + ")");
    }

    /** Registers the generated city's sources and posts its bundles over HTTP with three senders, as hospitals would. */
    private void load() throws Exception {
        CityGenerator generator = new CityGenerator(CitySpec.ofResidents(RESIDENTS, SEED).withResidentsPerBundle(10));
        Map<String, String> tokens = new HashMap<>();
        for (SyntheticSource source : generator.sources()) {
            String body = JSON.writeValueAsString(Map.of("code", source.code(), "name", source.name(), "level", source.level(),
                    "district", source.district(), "kind", source.kind().name()));
            HubClient.Response registered = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/admin/sources"))
                    .header("Authorization", client.adminAuthorization()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
            tokens.put(source.code(), registered.json().path("token").asText());
        }
        Iterator<GeneratedBundle> bundles = generator.bundles();
        ExecutorService senders = Executors.newFixedThreadPool(3);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                futures.add(senders.submit(() -> {
                    while (true) {
                        GeneratedBundle bundle;
                        synchronized (bundles) {
                            if (!bundles.hasNext()) {
                                return null;
                            }
                            bundle = bundles.next();
                        }
                        HubClient.Response response = client.postFhir(tokens.get(bundle.sourceCode()), "application/fhir+json", bundle.json());
                        if (response.status() != 200) {
                            throw new IllegalStateException("the hub refused a bundle: HTTP " + response.status() + " " + response.body());
                        }
                    }
                }));
            }
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private JsonNode startLifecycle(String seed) {
        HubClient.Response started = client.send(HttpRequest.newBuilder(URI.create(client.base() + "/admin/storage/lifecycle?dryRun=false&asOf=" + AS_OF))
                .header("Authorization", client.adminAuthorization()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(started.status()).as("%s: %s", seed, started.body()).isEqualTo(202);
        return started.json();
    }

    private JsonNode awaitDone(JsonNode job, String seed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while ("RUNNING".equals(job.path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            job = client.get("/admin/storage/lifecycle/" + job.path("id").asLong()).json();
        }
        assertThat(job.path("state").asText()).as("%s: the final run completes: %s", seed, job).isEqualTo("DONE");
        return job;
    }

    private JsonNode post(String path, String seed) {
        HubClient.Response response = client.send(HttpRequest.newBuilder(URI.create(client.base() + path))
                .header("Authorization", client.adminAuthorization()).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.status()).as("%s: POST %s: %s", seed, path, response.body()).isEqualTo(200);
        return response.json();
    }

    /** The hub's H2 database, through the running hub's AUTO_SERVER: never open it while no hub runs. */
    private Connection database() throws SQLException {
        return DriverManager.getConnection(new HubSettings(data, "", "", "", false).effectiveDatabaseUrl(), "sa", "");
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> union(Set<String> a, Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private void log(String message) {
        System.out.printf("[LifecycleCrashIT %5.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
