package org.cityhealth.hub.feeds.vitals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.ledger.LedgerQuery;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.ledger.LedgerRow;
import org.cityhealth.hub.ledger.Pseudonyms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub subscribed to a real Mosquitto of the test's own: readings published at QoS 1 are stored exactly once,
 * malformed messages are kept in the vault as rejected without holding up the rest, and neither a stopped
 * subscriber nor a restarted broker loses or duplicates a reading.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cityhealth.feeds.vitals.batch-size=500", "cityhealth.feeds.vitals.batch-time=100ms"})
abstract class VitalsFeedContract {

    private static final Duration WAIT = Duration.ofMinutes(3);
    private static MosquittoBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        broker = Mosquittos.start();
        registry.add("cityhealth.feeds.vitals.broker", broker::uri);
        registry.add("cityhealth.feeds.vitals.client-id", () -> "hub-test-" + System.nanoTime());
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap admin;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    VitalsSubscriber subscriber;

    @Autowired
    LedgerReader ledger;

    @Autowired
    Pseudonyms pseudonyms;

    HubClient hub;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
    }

    @Test
    void storesEveryReadingOnceAndKeepsMalformedMessagesAsRejected() throws Exception {
        String[] ward = hub.newSource("WARD");
        String code = ward[0];
        assertThat(hub.postJson(ward[1], """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","id":"MRN123",
                 "name":[{"family":"张","given":["三"]}],"birthDate":"1950-03-04"},"request":{"method":"PUT","url":"Patient/MRN123"}}]}
                """).status()).isEqualTo(200);
        String topic = "cityhealth/vitals/" + code + "/MON-301-07";
        Map<String, String> malformed = Map.of(
                "not JSON", "{\"device\":",
                "unknown type glucose", reading(code, "\"type\":\"glucose\",\"value\":5"),
                "value must be a number", reading(code, "\"type\":\"heart-rate\",\"value\":\"72\""),
                "Patient", reading(code, "\"type\":\"heart-rate\",\"value\":72").replace("MRN123", "MRN404"));
        try (VitalsPublisher publisher = new VitalsPublisher(broker.uri(), code)) {
            OffsetDateTime start = OffsetDateTime.parse("2026-11-24T08:00:00+08:00");
            publisher.publish(2500, 50, 1, start);
            malformed.values().forEach(payload -> publish(publisher, topic, payload));
            publish(publisher, "cityhealth/vitals/NOSUCHSOURCE/MON-1", reading(code, "\"type\":\"heart-rate\",\"value\":72"));
            publish(publisher, topic, reading(code, "\"type\":\"heart-rate\",\"value\":72"));
            // A clock never set: well-formed, so it passes the subscriber's checks and is refused with its batch by the store;
            // the batch's other messages are then stored one by one.
            publish(publisher, topic, reading(code, "\"type\":\"spo2\",\"value\":97").replace("\"2026-11-20T08:00:00+08:00\"", "0"));
            // Larger than the hub reads: its payload is skipped, a record of it kept as rejected, the feed goes on.
            publish(publisher, topic, "[" + (reading(code, "\"type\":\"spo2\",\"value\":97") + ",").repeat(9_000) + "{}]");
            publisher.publish(2499, 50, 1, start.plusDays(1));
            publisher.flush();
        }

        awaitObservations(code, 5000);
        Thread.sleep(500);
        assertThat(observations(code)).isEqualTo(5000);
        assertThat(resourceObservations(code)).as("readings are device observations, not resource versions").isZero();
        List<String> reasons = jdbc.queryForList("""
                select v.reason from vault_submission v join source s on s.id = v.source_id
                where s.code = ? and v.status = 'REJECTED' and v.format = 'VITALS_NDJSON'""", String.class, code);
        assertThat(reasons.stream().filter(reason -> reason.contains("must lie between"))).as("the message, and its batch if it had one")
                .hasSizeBetween(1, 2).allSatisfy(reason -> assertThat(reason).contains("1970-01-01T00:00:00Z"));
        assertThat(reasons.stream().filter(reason -> reason.contains("its payload was not kept")))
                .singleElement().asString().contains("more than the 1048576");
        assertThat(reasons.stream().filter(reason -> !reason.contains("must lie between") && !reason.contains("not kept")))
                .hasSize(malformed.size());
        malformed.keySet().forEach(reason -> assertThat(reasons).anySatisfy(stored -> assertThat(stored).contains(reason)));
        assertThat(reasons).anySatisfy(stored -> assertThat(stored).contains("Patient/MRN404 is not known to the hub"));
        assertThat(jdbc.queryForObject("""
                select v.reason from vault_submission v join source s on s.id = v.source_id where s.code = 'MQTT-GATEWAY'""", String.class))
                .contains("NOSUCHSOURCE, which is not registered");

        String mrnPatient = jdbc.queryForObject("""
                select r.res_id from resource r join source s on s.id = r.source_id
                where s.code = ? and r.res_type = 'Patient' and r.source_res_id = 'MRN123'""", String.class, code);
        HubClient.Response byMrn = hub.get("/fhir/Observation?subject=Patient/" + mrnPatient);
        assertThat(byMrn.status()).isEqualTo(200);
        assertThat(byMrn.json().path("entry")).hasSize(1);
        JsonNode observation = byMrn.json().path("entry").get(0).path("resource");
        assertThat(observation.path("device").path("display").asText()).isEqualTo("MON-301-07");
        assertThat(observation.path("subject").path("reference").asText()).isEqualTo("Patient/" + mrnPatient);
        assertThat(observation.path("meta").path("versionId").asText()).isEqualTo("1");
        assertThat(observation.path("meta").path("source").asText()).startsWith("urn:cityhealth:source:" + code + "#");
        HubClient.Response read = hub.get("/fhir/Observation/" + observation.path("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(observation);
        assertThat(hub.get("/fhir/Observation/" + observation.path("id").asText() + "/_history/1").json()).isEqualTo(observation);
        assertThat(hub.get("/fhir/Observation/" + observation.path("id").asText() + "/_history/2").status()).isEqualTo(404);
        // By _id: each id is one second's slots of the key, alone or within the patients searched for.
        String byId = "/fhir/Observation?_total=accurate&_id=" + observation.path("id").asText() + ",Observation-not-stored";
        assertThat(total(byId)).isEqualTo(1);
        assertThat(hub.get(byId).json().path("entry").get(0).path("resource")).isEqualTo(observation);
        assertThat(total(byId + "&patient=" + mrnPatient)).isEqualTo(1);
        assertThat(total(byId + "&patient=someone-else")).isZero();
        assertThat(total(byId + "&patient=" + mrnPatient + "&patient=someone-else")).as("patients that exclude each other").isZero();

        String residentPatient = jdbc.queryForObject("""
                select r.res_id from resource r join source s on s.id = r.source_id join search_token t on t.res_id = r.res_id
                where s.code = ? and r.res_type = 'Patient' and t.param = 'identifier' and t.code = ?""", String.class, code,
                VitalsPublisher.residentId(3));
        HubClient.Response byResident = hub.get("/fhir/Observation?subject=Patient/" + residentPatient + "&_count=500");
        assertThat(byResident.status()).isEqualTo(200);
        assertThat(byResident.json().path("entry")).hasSize(100);
        // Pages of 7 in id order (the search's default) give the same 100, in id order, none twice.
        List<String> whole = new ArrayList<>();
        byResident.json().path("entry").forEach(entry -> whole.add(entry.path("resource").path("id").asText()));
        assertThat(whole).isSorted();
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < 100; offset += 7) {
            hub.get("/fhir/Observation?subject=Patient/" + residentPatient + "&_count=7&_offset=" + offset).json().path("entry")
                    .forEach(entry -> paged.add(entry.path("resource").path("id").asText()));
        }
        assertThat(paged).isEqualTo(whole);
        // Publisher person 3 of 50 gets one reading a round, the five signs in turn: 10 heart rates a day on two days.
        String heartRates = "/fhir/Observation?patient=" + residentPatient + "&category=vital-signs&code=http://loinc.org|8867-4";
        assertThat(total(heartRates + "&_total=accurate")).isEqualTo(20);
        assertThat(total(heartRates + "&date=ge2026-11-25&_total=accurate")).isEqualTo(10);
        assertThat(total("/fhir/Observation?patient=" + residentPatient + "&code=2708-6&_total=accurate")).as("SpO2's second code").isEqualTo(20);
        assertThat(total("/fhir/Observation?patient=" + residentPatient + "&category=laboratory&_total=accurate")).isZero();
        assertThat(total("/fhir/Observation?patient=" + residentPatient + "&status=amended&_total=accurate")).isZero();
        JsonNode newest = hub.get(heartRates + "&_sort=-date&_count=3").json();
        assertThat(newest.path("entry")).hasSize(3);
        assertThat(newest.path("entry").get(0).path("resource").path("effectiveDateTime").asText())
                .isGreaterThan(newest.path("entry").get(2).path("resource").path("effectiveDateTime").asText());
        assertThat(hub.get(heartRates + "&_sort=-date&_count=3").json().path("link").toString()).contains("next");

        // $everything pages through the person's resources, then the readings, without losing or repeating one at the seam.
        Set<String> everything = new HashSet<>();
        int pages = 0;
        for (int offset = 0; ; offset += 7) {
            JsonNode page = hub.get("/fhir/Patient/" + residentPatient + "/$everything?_count=7&_offset=" + offset).json();
            page.path("entry").forEach(entry -> assertThat(everything.add(entry.path("resource").path("resourceType").asText() + "/"
                    + entry.path("resource").path("id").asText())).as("served once").isTrue());
            pages++;
            if (!page.path("link").toString().contains("\"next\"")) {
                break;
            }
        }
        assertThat(everything.stream().filter(reference -> reference.startsWith("Observation/"))).hasSize(100);
        assertLedgerCoversTheReadings(residentPatient);
        assertThat(everything).contains("Patient/" + residentPatient);
        assertThat(pages).isGreaterThan(14);
    }

    @Test
    void losesAndDuplicatesNothingAcrossAStoppedSubscriberAndABrokerRestart() throws Exception {
        String code = hub.newSource("ICU")[0];
        OffsetDateTime start = OffsetDateTime.parse("2026-12-01T08:00:00+08:00");
        try (VitalsPublisher publisher = new VitalsPublisher(broker.uri(), code)) {
            CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                try {
                    publisher.publish(4000, 40, 1, start);
                    publisher.flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitObservations(code, 500);
            subscriber.stop();
            publishing.join();
        }
        long whileRunning = observations(code);
        assertThat(whileRunning).as("the subscriber stopped mid-stream").isLessThan(4000);

        broker.restart();
        try (VitalsPublisher publisher = new VitalsPublisher(broker.uri(), code)) {
            publisher.publish(1000, 40, 10, start.plusDays(1));
            publisher.flush();
        }
        broker.restart();
        subscriber.start();

        awaitObservations(code, 5000);
        Thread.sleep(1000);
        assertThat(observations(code)).isEqualTo(5000);
        assertThat(subscriber.running()).isTrue();
    }

    /**
     * The person's ingest.store entries name the readings per patient and submission with the SHA-256 of their bodies in id
     * order: recomputed here from the rows, every stored reading of the patient is covered exactly once.
     */
    private void assertLedgerCoversTheReadings(String patientId) throws Exception {
        long person = jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, patientId);
        String prefix = "Observation?patient=Patient/" + patientId + "&_source=";
        Map<String, String> digests = new HashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        long stored = jdbc.queryForObject("select count(distinct submission_id) from device_observation where patient_id = ?", Long.class, patientId);
        while (digests.size() < stored) {
            assertThat(System.nanoTime()).as("published ledger entries for every submission").isLessThan(deadline);
            digests.clear();
            for (LedgerRow row : ledger.search(new LedgerQuery(null, "ingest.store",
                    pseudonyms.of(person), null, null, null, null, 500))) {
                ledger.entry(row.index()).ifPresent(proof -> readJson(proof.entry()).path("resources").forEach(resource -> {
                    if (resource.path("ref").asText().startsWith(prefix)) {
                        digests.put(resource.path("ref").asText().substring(prefix.length()), resource.path("sha256").asText());
                    }
                }));
            }
            Thread.sleep(100);
        }
        digests.forEach((source, sha256) -> {
            long submission = Long.parseLong(source.substring(source.indexOf('#') + 1));
            MessageDigest digest = sha256();
            jdbc.query("select body from device_observation where patient_id = ? and submission_id = ? order by res_id",
                    rs -> {
                        digest.update(rs.getBytes(1));
                    }, patientId, submission);
            assertThat(HexFormat.of().formatHex(digest.digest())).as("submission " + submission).isEqualTo(sha256);
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void publish(VitalsPublisher publisher, String topic, String payload) {
        try {
            publisher.publish(topic, payload.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reading(String code, String typeAndValue) {
        return "{\"device\":\"MON-301-07\",\"patient\":{\"source\":\"" + code + "\",\"id\":\"MRN123\"},\"time\":\"2026-11-20T08:00:00+08:00\","
                + typeAndValue + "}";
    }

    private void awaitObservations(String code, long count) throws Exception {
        VitalsPublisher.awaitStored(() -> observations(code), count, 0, System.nanoTime(), WAIT);
    }

    /** Stored readings of the source: the primary key on the reading's id makes each one a single row. */
    private long observations(String code) {
        return jdbc.queryForObject("""
                select count(*) from device_observation d join source s on s.id = d.source_id where s.code = ?""", Long.class, code);
    }

    private long resourceObservations(String code) {
        return jdbc.queryForObject("""
                select count(*) from resource r join source s on s.id = r.source_id where s.code = ? and r.res_type = 'Observation'""",
                Long.class, code);
    }

    private long total(String path) {
        HubClient.Response response = hub.get(path);
        assertThat(response.status()).as(path).isEqualTo(200);
        return response.json().path("total").asLong();
    }
}
