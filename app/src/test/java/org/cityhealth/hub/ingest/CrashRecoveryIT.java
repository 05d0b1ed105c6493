package org.cityhealth.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cityhealth.hub.HubClient;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the hub with SIGKILL while four senders post transactions, restarts it on the same data directory
 * and checks that nothing is lost or half-stored: every acknowledged submission is complete, every other
 * submission is either complete (replayed from the vault) or absent, and no submission stays PENDING.
 */
class CrashRecoveryIT {

    private static final int OBSERVATIONS = 20;
    private static final String PASSWORD = "crash-test-password";

    @TempDir
    Path data;

    @Test
    void aKilledHubLosesNothingAndStoresNothingByHalves() throws Exception {
        int port = freePort();
        Process hub = start(port);
        HubClient client = new HubClient(port, PASSWORD);
        String[] source;
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        try {
            awaitHealthy(port);
            source = client.newSource("CR");
            ExecutorService senders = Executors.newFixedThreadPool(4);
            HttpClient http = HttpClient.newHttpClient();
            for (int t = 0; t < 4; t++) {
                senders.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        int index = next.getAndIncrement();
                        try {
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/fhir"))
                                    .header("Authorization", "Bearer " + source[1]).header("Content-Type", "application/fhir+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(bundle(index))).build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                acknowledged.add(index);
                            }
                        } catch (IOException | InterruptedException e) {
                            return null;
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(4000);
            hub.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            senders.shutdownNow();
            senders.awaitTermination(10, TimeUnit.SECONDS);
        } finally {
            hub.destroyForcibly();
        }
        assertThat(acknowledged).as("the hub acknowledged some submissions before it was killed").isNotEmpty();

        Process restarted = start(port);
        try {
            awaitHealthy(port);
            awaitNoPending(client);
            int present = 0;
            for (int index = 0; index < next.get(); index++) {
                JsonNode patients = client.get("/fhir/Patient?identifier=urn:oid:2.16.156.10011.1.1|" + residentId(index)).json();
                int found = patients.path("total").asInt();
                if (acknowledged.contains(index)) {
                    assertThat(found).as("acknowledged submission %d is readable after the crash", index).isEqualTo(1);
                }
                if (found == 1) {
                    present++;
                    String patient = patients.path("entry").get(0).path("resource").path("id").asText();
                    long observations = client.get("/fhir/Observation?patient=" + patient + "&_summary=count").json().path("total").asLong();
                    assertThat(observations).as("submission %d is stored whole", index).isEqualTo(OBSERVATIONS);
                } else {
                    assertThat(found).isZero();
                }
            }
            JsonNode vault = client.get("/admin/vault?source=" + source[0] + "&status=ACCEPTED&limit=1000").json();
            assertThat(vault.size()).as("accepted vault submissions match the stored ones").isEqualTo(present);

            // Every accepted submission has its ledger entry (it committed in the same transaction), and the log the
            // killed hub left behind, plus what the restarted one integrated since, verifies end to end.
            String url = new org.cityhealth.hub.HubSettings(data, "", "", "", false).effectiveDatabaseUrl();
            try (java.sql.Connection db = java.sql.DriverManager.getConnection(url, "sa", "");
                 java.sql.ResultSet rs = db.createStatement().executeQuery("""
                         select (select count(*) from ledger_entry where action = 'ingest.submission' and decision = 'permit')
                              + (select count(*) from ledger_outbox where action = 'ingest.submission' and decision = 'permit')""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("ledger entries of accepted submissions").isEqualTo(present);
            }
            org.cityhealth.hub.cli.CliRun verified = org.cityhealth.hub.cli.CliRun.run("ledger", "verify", "--data", data.toString(),
                    "--trust", data.resolve("trusted-checkpoint").toString());
            assertThat(verified.exit()).as(verified.err()).isZero();
        } finally {
            restarted.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.cityhealth.hub.cli.CityHealthCli", "serve", "--data", data.toString(), "--port", Integer.toString(port));
        builder.environment().put("CITYHEALTH_ADMIN_PASSWORD", PASSWORD);
        builder.redirectErrorStream(true).redirectOutput(data.resolve("hub.log").toFile());
        return builder.start();
    }

    private static void awaitHealthy(int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the hub did not become healthy");
    }

    private static void awaitNoPending(HubClient client) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.get("/admin/vault?status=PENDING").json().size() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("submissions stayed PENDING after restart");
            }
            Thread.sleep(250);
        }
    }

    private static String residentId(int index) {
        return ResidentId.of("330106", LocalDate.of(1950, 1, 1).plusDays(index), 11).value();
    }

    private static String bundle(int index) {
        List<String> entries = new ArrayList<>();
        entries.add("""
                {"resource":{"resourceType":"Patient","id":"k%d","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"}]},
                 "request":{"method":"PUT","url":"Patient/k%d"}}""".formatted(index, residentId(index), index));
        for (int i = 0; i < OBSERVATIONS; i++) {
            entries.add("""
                    {"fullUrl":"urn:uuid:o-%d","resource":{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                     "subject":{"reference":"Patient/k%d"},"effectiveDateTime":"2025-01-01","valueQuantity":{"value":%d,"unit":"/min"}},
                     "request":{"method":"POST","url":"Observation"}}""".formatted(i, index, 60 + i));
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
