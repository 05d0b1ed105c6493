package org.cityhealth.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.HubSettings;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.store.DeviceObservation;
import org.cityhealth.hub.store.DeviceObservations;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Storage tiers over real HTTP, on H2 and PostgreSQL: the policy moves records hot → warm → cold by their dates and
 * keeps the emergency elements hot; every record reads back byte for byte (a cold one by recalling its person);
 * searches still find cold records; a dry run moves nothing; damaged or missing archives are repaired from the
 * vault by the scrubber; retention and legal holds refuse early purges; bulk recall brings a cohort back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cityhealth.mpi.training-check=1h", "cityhealth.lifecycle.pause=0ms", "cityhealth.lifecycle.schedule=0"})
abstract class StorageContract {

    private static final String AS_OF = "2026-06-01";
    private static int sequence = 500;

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap admin;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HubSettings settings;

    @Autowired
    DeviceObservations devices;

    @Autowired
    TransactionTemplate transactions;

    HubClient hub;
    String token;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
        token = hub.newSource("ST")[1];
    }

    @Test
    void recordsMoveByPolicyAndReadBackByteForByte() {
        String patient = loadPerson("p1", 2012);
        long person = personOf(patient);
        Map<String, String> before = everything(patient);
        String oldObservation = idOf("Observation", patient, "2013");
        String oldVersion1 = hub.get("/fhir/Observation/" + oldObservation + "/_history/1").body();
        long searchBefore = hub.get("/fhir/Observation?patient=" + patient + "&date=le2019-12-31&_summary=count").json().path("total").asLong();

        JsonNode dry = awaitJob(post("/admin/storage/lifecycle?dryRun=true&asOf=" + AS_OF));
        assertThat(dry.path("transitions").has("HOT→WARM")).as(dry.toString()).isTrue();
        assertThat(dry.path("transitions").path("HOT→COLD").path("records").asLong()).isPositive();
        assertThat(dry.path("monthlySavingYuan").asDouble()).isPositive();
        assertThat(tierCounts(person)).as("a dry run moves nothing").containsOnlyKeys("H");

        JsonNode run = awaitJob(post("/admin/storage/lifecycle?asOf=" + AS_OF));
        assertThat(run.path("state").asText()).isEqualTo("DONE");
        Map<String, Long> tiers = tierCounts(person);
        assertThat(tiers).containsKeys("H", "W", "C");
        assertThat(tierOf("AllergyIntolerance", patient)).as("emergency elements stay hot").isEqualTo("H");
        assertThat(tierOf("Condition", patient)).as("active problems stay hot").isEqualTo("H");
        assertThat(tierOf("Patient", patient)).isEqualTo("H");
        assertThat(jdbc.queryForObject("select tier from resource where res_id = ? and version = 1", String.class, oldObservation)).isEqualTo("C");

        // The search index stays: cold records are found without being recalled.
        assertThat(hub.get("/fhir/Observation?patient=" + patient + "&date=le2019-12-31&_summary=count").json().path("total").asLong())
                .isEqualTo(searchBefore);
        assertThat(tierCounts(person)).containsKey("C");

        // A warm record reads back as it was, without changing tier.
        String warm = jdbc.queryForObject("select res_id from resource where person_key = ? and tier = 'W' and current_version and res_type = 'Observation' fetch first 1 rows only",
                String.class, person);
        assertThat(hub.get("/fhir/Observation/" + warm).body()).isEqualTo(before.get("Observation/" + warm));
        assertThat(jdbc.queryForObject("select tier from resource where res_id = ? and current_version", String.class, warm)).isEqualTo("W");

        // The whole record, cold parts included, reads back byte for byte: the read recalls the person.
        assertThat(everything(patient)).isEqualTo(before);
        assertThat(tierCounts(person)).containsOnlyKeys("H");
        assertThat(hub.get("/fhir/Observation/" + oldObservation + "/_history/1").body()).isEqualTo(oldVersion1);
        assertThat(jdbc.queryForObject("select count(*) from storage_move where kind = 'RECALL' and person_key = ?", Long.class, person)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from cold_archive where person_key = ? and state = 'ACTIVE'", Long.class, person)).isZero();

        // Recalled persons stay hot until their time-to-live: the next run leaves them alone.
        awaitJob(post("/admin/storage/lifecycle?asOf=" + AS_OF));
        assertThat(tierCounts(person)).containsOnlyKeys("H");
        assertThat(ledgerActions()).contains("storage.warm", "storage.cold", "storage.recall");
    }

    @Test
    void theScrubberRepairsDamagedAndMissingArchivesFromTheVault() throws IOException {
        String first = loadPerson("s1", 2010);
        String second = loadPerson("s2", 2011);
        Map<String, String> firstBefore = everything(first);
        Map<String, String> secondBefore = everything(second);
        awaitJob(post("/admin/storage/lifecycle?asOf=" + AS_OF));
        List<String> firstArchives = archiveKeys(personOf(first));
        List<String> secondArchives = archiveKeys(personOf(second));
        assertThat(firstArchives).isNotEmpty();
        assertThat(secondArchives).isNotEmpty();

        Path corrupt = objectFile(firstArchives.get(0));
        byte[] bytes = Files.readAllBytes(corrupt);
        bytes[bytes.length / 2] ^= 0x40;
        Files.write(corrupt, bytes);
        Files.delete(objectFile(secondArchives.get(0)));

        JsonNode report = post("/admin/storage/scrub?full=true").json();
        assertThat(report.path("damaged").asInt()).as(report.toString()).isEqualTo(2);
        assertThat(report.path("repaired").asInt()).isEqualTo(2);
        assertThat(report.path("unrepaired").asInt()).isZero();
        assertThat(post("/admin/storage/scrub?full=true").json().path("damaged").asInt()).as("a second scrub finds nothing").isZero();
        assertThat(everything(first)).isEqualTo(firstBefore);
        assertThat(everything(second)).isEqualTo(secondBefore);
        assertThat(ledgerActions()).contains("storage.repair", "storage.scrub");
    }

    @Test
    void retentionAndLegalHoldsRefuseEarlyPurges() {
        String recent = loadPerson("r1", 2015);
        long recentPerson = personOf(recent);
        HubClient.Response refused = delete("/admin/storage/persons/" + recentPerson + "?reason=request");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("retention period has not passed", "inpatient");

        assertThat(delete("/admin/storage/persons/987654321?reason=x").status()).isEqualTo(404);
        assertThat(post("/admin/storage/persons/987654321/recall").status()).isEqualTo(404);

        String old = loadOldPerson("o1");
        long oldPerson = personOf(old);
        HubClient.Response hold = postJson("/admin/storage/persons/" + oldPerson + "/holds", "{\"caseRef\":\"(2026)浙0106民初123号\",\"reason\":\"court order\"}");
        assertThat(hold.status()).isEqualTo(201);
        HubClient.Response underHold = delete("/admin/storage/persons/" + oldPerson + "?reason=expired");
        assertThat(underHold.status()).isEqualTo(409);
        assertThat(underHold.json().path("detail").asText()).contains("legal hold");
        assertThat(postJson("/admin/storage/holds/" + hold.json().path("id").asLong() + "/release", "{\"reason\":\"case closed\"}").status()).isEqualTo(200);
        java.time.Instant measured = java.time.Instant.parse("2010-06-01T08:00:00Z");
        String readingId = DeviceObservations.id(old, measured, "MON-1");
        DeviceObservation reading = reading(readingId, old, measured, "MON-1");
        assertThat(insertNew(List.of(reading))).containsExactly(reading);
        // Sent again along with a new one: only the new one is written (the first attempt collides and is rolled back to its savepoint).
        java.time.Instant later = measured.plusSeconds(60);
        DeviceObservation next = reading(DeviceObservations.id(old, later, "MON-2"), old, later, "MON-2");
        assertThat(insertNew(List.of(reading, next, next))).containsExactly(next);
        assertThat(insertNew(List.of(next, reading))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from device_observation where patient_id = ?", Long.class, old)).isEqualTo(2);
        assertThat(hub.get("/fhir/Observation/" + readingId).status()).isEqualTo(200);
        HubClient.Response purged = delete("/admin/storage/persons/" + oldPerson + "?reason=retention%20expired");
        assertThat(purged.status()).as(purged.body()).isEqualTo(200);
        assertThat(hub.get("/fhir/Patient/" + old).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("select count(*) from resource where person_key = ?", Long.class, oldPerson)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from device_observation where patient_id = ?", Long.class, old))
                .as("the person's device readings go too").isZero();
        assertThat(hub.get("/fhir/Observation/" + readingId).status()).isEqualTo(404);
        assertThat(ledgerActions()).contains("storage.hold", "storage.hold-release", "storage.purge");
        assertThat(jdbc.queryForObject("select count(*) from ledger_outbox where action = 'storage.purge' and decision = 'deny'", Long.class)
                + jdbc.queryForObject("select count(*) from ledger_entry where action = 'storage.purge' and decision = 'deny'", Long.class))
                .as("refused purges are on the ledger").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aBulkRecallBringsACohortBackWithATimeToLive() throws InterruptedException {
        String a = loadPerson("b1", 2012);
        String b = loadPerson("b2", 2013);
        awaitJob(post("/admin/storage/lifecycle?asOf=" + AS_OF));
        long personA = personOf(a);
        long personB = personOf(b);
        assertThat(tierCounts(personA)).containsKey("C");
        assertThat(postJson("/admin/storage/recalls", "{\"persons\":[" + personA + "],\"ttl\":\"1d\"}").status()).as("purpose is required").isEqualTo(400);
        assertThat(postJson("/admin/storage/recalls", "{\"persons\":[" + personA + ",987654321],\"purpose\":\"study\"}").status()).isEqualTo(404);
        HubClient.Response started = postJson("/admin/storage/recalls",
                "{\"persons\":[" + personA + "," + personB + "],\"purpose\":\"study E-2026-07 (ethics approval 12)\",\"ttl\":\"1d\",\"ratePerSecond\":20}");
        assertThat(started.status()).isEqualTo(202);
        JsonNode job = started.json();
        for (int i = 0; i < 100 && !"DONE".equals(job.path("state").asText()); i++) {
            Thread.sleep(100);
            job = hub.get("/admin/storage/recalls/" + job.path("id").asLong()).json();
        }
        assertThat(job.path("done").asInt()).isEqualTo(2);
        assertThat(job.path("failed").asInt()).isZero();
        assertThat(tierCounts(personA)).containsOnlyKeys("H");
        assertThat(tierCounts(personB)).containsOnlyKeys("H");
        assertThat(jdbc.queryForObject("select recalled_until from person_storage where person_key = ?", java.sql.Timestamp.class, personA))
                .isNotNull();
    }

    // ---------------------------------------------------------------- fixtures

    /**
     * A person with ten years of records: an observation per year from {@code firstYear}, one updated to a second
     * version, an inpatient stay, a recent outpatient visit, an allergy, an active problem and an imaging study.
     */
    private String loadPerson(String id, int firstYear) {
        String residentId = residentId();
        List<String> entries = new ArrayList<>();
        entries.add(entry("PUT", "Patient/" + id, """
                {"resourceType":"Patient","id":"%s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"}],
                 "name":[{"family":"王","given":["存储"]}],"gender":"female","birthDate":"1970-03-04"}""".formatted(id, residentId)));
        for (int year = firstYear; year <= 2026; year++) {
            entries.add(entry("PUT", "Observation/" + id + "-o" + year, observation(id + "-o" + year, id, year + "-05-06", 100 + year % 50)));
        }
        entries.add(entry("PUT", "Encounter/" + id + "-imp", """
                {"resourceType":"Encounter","id":"%s-imp","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                 "subject":{"reference":"Patient/%s"},"period":{"start":"2016-02-01","end":"2016-02-09"}}""".formatted(id, id)));
        entries.add(entry("PUT", "Encounter/" + id + "-amb", """
                {"resourceType":"Encounter","id":"%s-amb","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                 "subject":{"reference":"Patient/%s"},"period":{"start":"2026-04-01","end":"2026-04-01"}}""".formatted(id, id)));
        entries.add(entry("PUT", "AllergyIntolerance/" + id + "-a", """
                {"resourceType":"AllergyIntolerance","id":"%s-a","clinicalStatus":{"coding":[{"code":"active"}]},
                 "code":{"text":"青霉素"},"patient":{"reference":"Patient/%s"},"recordedDate":"2011-01-01"}""".formatted(id, id)));
        entries.add(entry("PUT", "Condition/" + id + "-c", """
                {"resourceType":"Condition","id":"%s-c","clinicalStatus":{"coding":[{"code":"active"}]},
                 "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"I10"}]},"subject":{"reference":"Patient/%s"},"onsetDateTime":"2012-06-01"}"""
                .formatted(id, id)));
        entries.add(entry("PUT", "ImagingStudy/" + id + "-i", """
                {"resourceType":"ImagingStudy","id":"%s-i","status":"available","subject":{"reference":"Patient/%s"},"started":"2018-09-09T10:00:00+08:00",
                 "modality":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"}]}""".formatted(id, id)));
        post(entries);
        // A second version of an old observation: its history moves with it.
        post(List.of(entry("PUT", "Observation/" + id + "-o" + (firstYear + 1), observation(id + "-o" + (firstYear + 1), id, (firstYear + 1) + "-05-06", 77))));
        return hubId(id);
    }

    /** A person last seen in 1990 (outpatient): retention has long passed. */
    private String loadOldPerson(String id) {
        List<String> entries = new ArrayList<>();
        entries.add(entry("PUT", "Patient/" + id, """
                {"resourceType":"Patient","id":"%s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"}],"birthDate":"1920-01-01"}"""
                .formatted(id, residentId())));
        entries.add(entry("PUT", "Encounter/" + id + "-amb", """
                {"resourceType":"Encounter","id":"%s-amb","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/%s"},
                 "period":{"start":"1990-04-01","end":"1990-04-01"}}""".formatted(id, id)));
        entries.add(entry("PUT", "Observation/" + id + "-o", observation(id + "-o", id, "1990-04-01", 120)));
        post(entries);
        return hubId(id);
    }

    private static String observation(String id, String patient, String date, int value) {
        return """
                {"resourceType":"Observation","id":"%s","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
                 "code":{"coding":[{"system":"http://loinc.org","code":"2345-7","display":"葡萄糖"}]},"subject":{"reference":"Patient/%s"},
                 "effectiveDateTime":"%s","valueQuantity":{"value":%d,"unit":"mg/dL"}}""".formatted(id, patient, date, value);
    }

    private static String entry(String method, String url, String resource) {
        return "{\"resource\":" + resource + ",\"request\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\"}}";
    }

    private void post(List<String> entries) {
        HubClient.Response response = hub.postJson(token, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + String.join(",", entries) + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private String hubId(String sourceId) {
        return jdbc.queryForObject("select res_id from resource where res_type = 'Patient' and source_res_id = ? and current_version order by last_updated desc fetch first 1 rows only",
                String.class, sourceId);
    }

    private long personOf(String patient) {
        return jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, patient);
    }

    private String idOf(String type, String patient, String year) {
        return jdbc.queryForObject("select res_id from resource where res_type = ? and patient_id = ? and current_version and source_res_id like ?",
                String.class, type, patient, "%o" + year);
    }

    private String tierOf(String type, String patient) {
        return jdbc.queryForObject("select tier from resource where res_type = ? and (patient_id = ? or res_id = ?) and current_version fetch first 1 rows only",
                String.class, type, patient, patient);
    }

    private Map<String, Long> tierCounts(long person) {
        Map<String, Long> counts = new TreeMap<>();
        jdbc.query("select tier, count(*) from resource where person_key = ? group by tier", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        }, person);
        return counts;
    }

    private List<String> archiveKeys(long person) {
        return jdbc.queryForList("select object_key from cold_archive where person_key = ? and state = 'ACTIVE' order by id", String.class, person);
    }

    private Path objectFile(String key) {
        return settings.dataDirectory().resolve("objects").resolve(key);
    }

    private List<String> ledgerActions() {
        return Stream.concat(jdbc.queryForList("select action from ledger_outbox", String.class).stream(),
                jdbc.queryForList("select action from ledger_entry", String.class).stream()).distinct().toList();
    }

    /** The person's whole record (all pages) as reference → resource JSON exactly as served. */
    private Map<String, String> everything(String patient) {
        Map<String, String> resources = new TreeMap<>();
        String next = "/fhir/Patient/" + patient + "/$everything?_count=500";
        while (next != null) {
            HubClient.Response page = hub.get(next);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            JsonNode bundle = page.json();
            for (JsonNode entry : bundle.path("entry")) {
                JsonNode resource = entry.path("resource");
                resources.put(resource.path("resourceType").asText() + "/" + resource.path("id").asText(), resource.toString());
            }
            next = null;
            for (JsonNode link : bundle.path("link")) {
                if ("next".equals(link.path("relation").asText())) {
                    next = URI.create(link.path("url").asText()).getRawPath() + "?" + URI.create(link.path("url").asText()).getRawQuery();
                }
            }
        }
        // Reads of the same resources must serve the same bytes too.
        resources.replaceAll((reference, json) -> hub.get("/fhir/" + reference).body());
        return resources;
    }

    private JsonNode awaitJob(HubClient.Response started) {
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().path("id").asLong();
        JsonNode job = started.json();
        for (int i = 0; i < 600 && "RUNNING".equals(job.path("state").asText()); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            job = hub.get("/admin/storage/lifecycle/" + id).json();
        }
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("DONE");
        return job;
    }

    private HubClient.Response post(String path) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", hub.adminAuthorization())
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HubClient.Response postJson(String path, String json) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", hub.adminAuthorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HubClient.Response delete(String path) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", hub.adminAuthorization()).DELETE());
    }

    private static synchronized String residentId() {
        sequence++;
        return ResidentId.of("330106", LocalDate.of(1970, 3, 4).plusDays(sequence), sequence % 1000).value();
    }

    private List<DeviceObservation> insertNew(List<DeviceObservation> readings) {
        return transactions.execute(status -> devices.insertNew(readings));
    }

    private static DeviceObservation reading(String id, String patient, java.time.Instant measured, String sourceId) {
        return new DeviceObservation(id, patient, "vital-signs", "http://loinc.org", "8867-4", null, measured, measured.plusSeconds(1), measured, 1,
                sourceId, 0, "{\"resourceType\":\"Observation\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
