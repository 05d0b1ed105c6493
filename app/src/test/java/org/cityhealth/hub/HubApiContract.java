package org.cityhealth.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.vault.RestoreSummary;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The backbone's promises over real HTTP: transaction semantics, provenance, versions, cross-source
 * persons, search, $everything, the vault, and every kind of bad input answered with an OperationOutcome
 * that changes nothing. Runs once on H2 and once on PostgreSQL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cityhealth.ingest.max-payload-bytes=1048576", "cityhealth.ingest.bulk-chunk-size=7"})
abstract class HubApiContract {

    private static int residentSequence = (int) (System.nanoTime() % 500);

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap admin;

    @Autowired
    Vault vault;

    @Autowired
    PersonIndex persons;

    @Autowired
    org.cityhealth.hub.source.SourceRegistry sources;

    HubClient hub;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
    }

    /** A valid resident ID no other test uses. */
    static synchronized String newResidentId() {
        residentSequence = (residentSequence + 1) % 1000;
        return ResidentId.of("330106", java.time.LocalDate.of(1960, 1, 1).plusDays(UUID.randomUUID().hashCode() & 0x3fff), residentSequence).value();
    }

    static String patientBundle(String patientId, String residentId, String extraEntries) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:org-1","resource":{"resourceType":"Organization","identifier":[{"system":"urn:cityhealth:source","value":"ORG"}],"name":"医院"},
                  "request":{"method":"POST","url":"Organization","ifNoneExist":"identifier=urn:cityhealth:source|ORG"}},
                 {"resource":{"resourceType":"Patient","id":"%s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"},{"system":"urn:mrn","value":"MRN-%s"}],
                   "name":[{"text":"王秀英","family":"王","given":["秀英"]}],"gender":"female","birthDate":"1960-05-01"},
                  "request":{"method":"PUT","url":"Patient/%s"}},
                 {"fullUrl":"urn:uuid:enc-1","resource":{"resourceType":"Encounter","status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                   "subject":{"reference":"Patient/%s"},"serviceProvider":{"reference":"urn:uuid:org-1"},"period":{"start":"2025-01-10T09:00:00+08:00","end":"2025-01-10T09:30:00+08:00"}},
                  "request":{"method":"POST","url":"Encounter"}},
                 {"fullUrl":"urn:uuid:obs-1","resource":{"resourceType":"Observation","id":"obs-%s","status":"final",
                   "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
                   "code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},
                   "subject":{"reference":"Patient?identifier=urn:mrn|MRN-%s"},"encounter":{"reference":"urn:uuid:enc-1"},
                   "effectiveDateTime":"2025-01-10T09:10:00+08:00","valueQuantity":{"value":7.2,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"}},
                  "request":{"method":"POST","url":"Observation"}}%s
                ]}""".formatted(patientId, residentId, patientId, patientId, patientId, patientId, patientId, extraEntries);
    }

    private String hubId(HubClient.Response response, int entry) {
        String location = response.json().path("entry").get(entry).path("response").path("location").asText();
        return location.split("/")[1];
    }

    private static void assertOutcome(HubClient.Response response, int status, String issueCode, String diagnosticsContains) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode outcome = response.json();
        assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.path("issue").get(0).path("code").asText()).isEqualTo(issueCode);
        assertThat(outcome.path("issue").get(0).path("diagnostics").asText()).contains(diagnosticsContains);
    }

    private long count(String search) {
        return hub.get("/fhir/" + search + (search.contains("?") ? "&" : "?") + "_summary=count").json().path("total").asLong();
    }

    @Test
    void transactionStoresEverythingWithReferencesRewrittenAndProvenance() {
        String[] source = hub.newSource("TX");
        String residentId = newResidentId();
        HubClient.Response response = hub.postJson(source[1], patientBundle("p1", residentId, ""));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode bundle = response.json();
        assertThat(bundle.path("type").asText()).isEqualTo("transaction-response");
        assertThat(bundle.path("entry")).hasSize(4);
        String patient = hubId(response, 1);
        String encounter = hubId(response, 2);
        String observationId = hubId(response, 3);

        JsonNode observation = hub.get("/fhir/Observation/" + observationId).json();
        assertThat(observation.path("subject").path("reference").asText()).isEqualTo("Patient/" + patient);
        assertThat(observation.path("encounter").path("reference").asText()).isEqualTo("Encounter/" + encounter);
        assertThat(observation.path("meta").path("versionId").asText()).isEqualTo("1");
        assertThat(observation.path("meta").path("source").asText()).startsWith("urn:cityhealth:source:" + source[0] + "#");
        JsonNode encounterBody = hub.get("/fhir/Encounter/" + encounter).json();
        assertThat(encounterBody.path("serviceProvider").path("reference").asText()).isEqualTo("Organization/" + hubId(response, 0));

        assertThat(count("Observation?patient=" + patient + "&code=http://loinc.org|4548-4")).isEqualTo(1);
        assertThat(count("Observation?subject=Patient/" + patient + "&category=laboratory&date=ge2025-01-10&date=lt2025-01-11")).isEqualTo(1);
        assertThat(count("Observation?patient=" + patient + "&date=2024")).isZero();
        assertThat(count("Patient?identifier=urn:oid:2.16.156.10011.1.1|" + residentId)).isEqualTo(1);
        assertThat(count("Encounter?patient=" + patient + "&status=finished&class=AMB")).isEqualTo(1);
    }

    @Test
    void identicalBytesResentCreateNothingNewAndGetTheEarlierAnswer() {
        String[] source = hub.newSource("RS");
        String body = patientBundle("p1", newResidentId(), "");
        HubClient.Response first = hub.postJson(source[1], body);
        HubClient.Response second = hub.postJson(source[1], body);

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.header("X-CityHealth-Resend")).isEqualTo("true");
        assertThat(second.header("X-CityHealth-Submission")).isEqualTo(first.header("X-CityHealth-Submission"));
        assertThat(hub.get("/fhir/Patient/" + hubId(first, 1)).json().path("meta").path("versionId").asText()).isEqualTo("1");
        assertThat(hub.get("/admin/vault?source=" + source[0]).json()).hasSize(1);
    }

    @Test
    void aResendOfBytesThatFailedOnTheHubsSideIsProcessedAgain() throws IOException {
        String[] source = hub.newSource("RF");
        byte[] body = patientBundle("p1", newResidentId(), "").getBytes(StandardCharsets.UTF_8);
        long sourceId = sources.byCode(source[0]).orElseThrow().id();
        // An earlier attempt whose processing failed inside the hub (say the database went away): kept, answered 500.
        try (var receipt = vault.receive(sourceId, new java.io.ByteArrayInputStream(body), 1 << 20,
                org.cityhealth.hub.vault.SubmissionFormat.FHIR_JSON, "application/fhir+json")) {
            vault.complete(receipt.submission().id(), org.cityhealth.hub.vault.SubmissionStatus.REJECTED, 500, "database unavailable", null, 0);
        }
        HubClient.Response resent = hub.postFhir(source[1], "application/fhir+json", body);
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);
        assertThat(resent.json().path("type").asText()).isEqualTo("transaction-response");
        JsonNode vaulted = hub.get("/admin/vault?source=" + source[0]).json();
        assertThat(vaulted).hasSize(1);
        assertThat(vaulted.get(0).path("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void theSameSourceIdSentAgainIsANewVersionWithHistory() {
        String[] source = hub.newSource("VR");
        String residentId = newResidentId();
        HubClient.Response first = hub.postJson(source[1], patientBundle("p1", residentId, ""));
        HubClient.Response second = hub.postJson(source[1], patientBundle("p1", residentId, "").replace("1960-05-01", "1960-05-02"));

        String patient = hubId(first, 1);
        assertThat(hubId(second, 1)).isEqualTo(patient);
        assertThat(second.json().path("entry").get(1).path("response").path("status").asText()).isEqualTo("200 OK");
        assertThat(second.json().path("entry").get(0).path("response").path("status").asText()).as("conditional create matched").isEqualTo("200 OK");
        assertThat(hubId(second, 0)).isEqualTo(hubId(first, 0));
        JsonNode current = hub.get("/fhir/Patient/" + patient).json();
        assertThat(current.path("meta").path("versionId").asText()).isEqualTo("2");
        assertThat(current.path("birthDate").asText()).isEqualTo("1960-05-02");
        assertThat(hub.get("/fhir/Patient/" + patient + "/_history/1").json().path("birthDate").asText()).isEqualTo("1960-05-01");
        JsonNode history = hub.get("/fhir/Patient/" + patient + "/_history").json();
        assertThat(history.path("type").asText()).isEqualTo("history");
        assertThat(history.path("entry")).hasSize(2);
        assertThat(count("Patient?_id=" + patient)).isEqualTo(1);
    }

    @Test
    void recordsFromTwoSourcesWithTheSameResidentIdFormOnePerson() {
        String residentId = newResidentId();
        String[] hospitalA = hub.newSource("PA");
        String[] hospitalB = hub.newSource("PB");
        HubClient.Response a = hub.postJson(hospitalA[1], patientBundle("A-77", residentId, ""));
        HubClient.Response b = hub.postJson(hospitalB[1], patientBundle("B-9", residentId, ""));
        String patientA = hubId(a, 1);
        String patientB = hubId(b, 1);
        assertThat(patientA).isNotEqualTo(patientB);
        assertThat(persons.personOf(patientA)).isEqualTo(persons.personOf(patientB)).isPresent();

        JsonNode everything = hub.get("/fhir/Patient/" + patientB + "/$everything").json();
        List<String> matches = new ArrayList<>();
        List<String> included = new ArrayList<>();
        everything.path("entry").forEach(entry -> ("include".equals(entry.path("search").path("mode").asText()) ? included : matches)
                .add(entry.path("resource").path("resourceType").asText()));
        assertThat(matches).containsExactlyInAnyOrder("Patient", "Patient", "Encounter", "Encounter", "Observation", "Observation");
        // the organizations the encounters name (one per hospital) come along, as FHIR asks of $everything
        assertThat(included).containsExactly("Organization", "Organization");
        JsonNode onlyObservations = hub.get("/fhir/Patient/" + patientA + "/$everything?_type=Observation&_count=1").json();
        assertThat(onlyObservations.path("entry")).hasSize(1);
        assertThat(onlyObservations.path("link").toString()).contains("\"next\"");
        assertThat(hub.get("/fhir/Patient/" + patientA + "/$everything?_since=2999-01-01T00:00:00Z").json().path("entry")).isEmpty();
    }

    @Test
    void concurrentSubmissionsCreatingTheSameResourceAllSucceedWithOneCopy() throws Exception {
        String[] source = hub.newSource("CC");
        List<java.util.concurrent.Future<HubClient.Response>> responses = new ArrayList<>();
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            for (int i = 0; i < 12; i++) {
                String body = patientBundle("c" + i, newResidentId(), "");
                responses.add(senders.submit(() -> hub.postJson(source[1], body)));
            }
            for (var response : responses) {
                assertThat(response.get().status()).as(response.get().body()).isEqualTo(200);
            }
        } finally {
            senders.shutdownNow();
        }
        java.util.Set<String> organizations = new java.util.HashSet<>();
        for (var response : responses) {
            organizations.add(hubId(response.get(), 0));
        }
        assertThat(organizations).hasSize(1);
    }

    @Test
    void conditionalUpdateCreatesThenUpdatesTheMatch() {
        String[] source = hub.newSource("CU");
        String update = """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Practitioner","identifier":[{"system":"urn:doc","value":"D-1"}],"name":[{"text":"%s"}]},
                 "request":{"method":"PUT","url":"Practitioner?identifier=urn:doc|D-1"}}]}""";
        HubClient.Response created = hub.postJson(source[1], update.formatted("李医生"));
        HubClient.Response updated = hub.postJson(source[1], update.formatted("李明医生"));
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(hubId(updated, 0)).isEqualTo(hubId(created, 0));
        assertThat(created.json().path("entry").get(0).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(updated.json().path("entry").get(0).path("response").path("status").asText()).isEqualTo("200 OK");
        assertThat(hub.get("/fhir/Practitioner/" + hubId(created, 0)).json().path("meta").path("versionId").asText()).isEqualTo("2");
    }

    @Test
    void batchEntriesSucceedOrFailOnTheirOwn() {
        String[] source = hub.newSource("BA");
        HubClient.Response created = hub.postJson(source[1], patientBundle("p1", newResidentId(), ""));
        String batch = """
                {"resourceType":"Bundle","type":"batch","entry":[
                 {"resource":{"resourceType":"Condition","id":"c1","subject":{"reference":"Patient/p1"},"code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10","code":"I10"}]}},
                  "request":{"method":"POST","url":"Condition"}},
                 {"resource":{"resourceType":"Condition","id":"c2","subject":{"reference":"Patient/nobody"},"code":{"text":"?"}},
                  "request":{"method":"POST","url":"Condition"}}]}""";
        HubClient.Response response = hub.postJson(source[1], batch);
        assertThat(response.status()).isEqualTo(200);
        JsonNode entries = response.json().path("entry");
        assertThat(entries.get(0).path("response").path("status").asText()).isEqualTo("201 Created");
        assertThat(entries.get(1).path("response").path("status").asText()).startsWith("400");
        assertThat(entries.get(1).path("response").path("outcome").path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(count("Condition?patient=" + hubId(created, 1) + "&code=I10")).isEqualTo(1);
    }

    @Test
    void xmlBundlesAreAcceptedAndAnyResourceReadsBackAsXml() {
        String[] source = hub.newSource("XM");
        String residentId = newResidentId();
        String xml = """
                <Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/>
                 <entry><resource><Patient><id value="x1"/><identifier><system value="urn:oid:2.16.156.10011.1.1"/><value value="%s"/></identifier>
                   <gender value="male"/></Patient></resource><request><method value="PUT"/><url value="Patient/x1"/></request></entry>
                </Bundle>""".formatted(residentId);
        HubClient.Response response = hub.postFhir(source[1], "application/fhir+xml", xml.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        String patient = hubId(response, 0);
        HubClient.Response asXml = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir/Patient/" + patient))
                .header("Authorization", hub.adminAuthorization()).header("Accept", "application/fhir+xml"));
        assertThat(asXml.header("Content-Type")).startsWith("application/fhir+xml");
        assertThat(asXml.body()).contains("<Patient xmlns=\"http://hl7.org/fhir\">").contains(residentId);
        assertThat(hub.get("/fhir/Patient?_id=" + patient + "&_format=xml").body()).startsWith("<Bundle");
    }

    @Test
    void searchPagesWithNextLinks() {
        String[] source = hub.newSource("PG");
        HubClient.Response created = hub.postJson(source[1], patientBundle("p1", newResidentId(), """
                ,{"resource":{"resourceType":"Observation","id":"o2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                  "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-02-01"},"request":{"method":"POST","url":"Observation"}},
                 {"resource":{"resourceType":"Observation","id":"o3","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
                  "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-03-01"},"request":{"method":"POST","url":"Observation"}}"""));
        String patient = hubId(created, 1);
        JsonNode page1 = hub.get("/fhir/Observation?patient=" + patient + "&_count=2&_sort=date").json();
        assertThat(page1.path("total").asInt()).isEqualTo(3);
        assertThat(page1.path("entry")).hasSize(2);
        String next = null;
        for (JsonNode link : page1.path("link")) {
            if ("next".equals(link.path("relation").asText())) {
                next = link.path("url").asText();
            }
        }
        assertThat(next).isNotNull();
        JsonNode page2 = hub.get(next.substring(hub.base().length())).json();
        assertThat(page2.path("entry")).hasSize(1);
        assertThat(page2.path("entry").get(0).path("resource").path("effectiveDateTime").asText()).isEqualTo("2025-03-01");
        assertThat(count("Observation?patient=" + patient + "&code=8867-4&date=gt2025-02-01")).isEqualTo(1);
        assertThat(count("Observation?patient=" + patient + "&_lastUpdated=ge" + Instant.now().minusSeconds(3600))).isEqualTo(3);
    }

    // ---- bad input: an OperationOutcome naming the problem, and nothing changed ----

    @Test
    void malformedJsonIsRefusedAndKeptInTheVaultAsRejected() {
        String[] source = hub.newSource("BJ");
        assertOutcome(hub.postJson(source[1], "{\"resourceType\":\"Bundle\",\"type\":"), 400, "structure", "malformed JSON");
        JsonNode vaulted = hub.get("/admin/vault?source=" + source[0]).json();
        assertThat(vaulted).hasSize(1);
        assertThat(vaulted.get(0).path("status").asText()).isEqualTo("REJECTED");
        assertThat(vaulted.get(0).path("reason").asText()).contains("malformed JSON");
    }

    @Test
    void malformedXmlNonFhirBodiesAndUnknownTypesAreRefused() {
        String[] source = hub.newSource("BX");
        assertOutcome(hub.postFhir(source[1], "application/fhir+xml", "<Bundle><oops".getBytes()), 400, "structure", "malformed FHIR XML");
        assertOutcome(hub.postJson(source[1], "{\"hello\":\"world\"}"), 400, "structure", "no resourceType");
        assertOutcome(hub.postJson(source[1], "[1,2]"), 400, "structure", "not a FHIR resource");
        assertOutcome(hub.postJson(source[1], "{\"resourceType\":\"Patient\"}"), 400, "structure", "expects a Bundle");
        assertOutcome(hub.postJson(source[1], """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Spaceship"},"request":{"method":"POST","url":"Spaceship"}}]}"""),
                400, "not-supported", "Spaceship");
        assertOutcome(hub.postJson(source[1], "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"), 400, "invalid", "transaction or batch");
        assertOutcome(hub.postFhir(source[1], "text/plain", "hello".getBytes()), 415, "not-supported", "unsupported media type");
    }

    @Test
    void oneBadEntryRejectsTheWholeTransaction() {
        String[] source = hub.newSource("BT");
        String residentId = newResidentId();
        String bad = patientBundle("p1", residentId, """
                ,{"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/p1"},
                  "effectiveDateTime":"2025-13-45"},"request":{"method":"POST","url":"Observation"}}""");
        long personsBefore = persons.personCount();
        HubClient.Response response = hub.postJson(source[1], bad);
        assertOutcome(response, 400, "invalid", "effectiveDateTime");
        assertThat(response.json().path("issue").get(0).path("expression").get(0).asText()).isEqualTo("Bundle.entry[4].resource");
        assertThat(count("Patient?identifier=urn:oid:2.16.156.10011.1.1|" + residentId)).isZero();
        assertThat(persons.personCount()).isEqualTo(personsBefore);
    }

    @Test
    void clinicalResourcesWithoutPatientAndUnresolvableReferencesAreRefused() {
        String[] source = hub.newSource("BR");
        assertOutcome(hub.postJson(source[1], """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Condition","code":{"text":"x"}},"request":{"method":"POST","url":"Condition"}}]}"""),
                400, "required", "must reference the patient");
        assertOutcome(hub.postJson(source[1], """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Condition","subject":{"reference":"Patient/never-sent"}},"request":{"method":"POST","url":"Condition"}}]}"""),
                400, "not-found", "cannot be resolved");
        assertOutcome(hub.postJson(source[1], """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Condition","subject":{"reference":"urn:uuid:0000"}},"request":{"method":"POST","url":"Condition"}}]}"""),
                400, "not-found", "matches no fullUrl");
        assertOutcome(hub.postJson(source[1], """
                {"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Condition","subject":{"reference":"Patient?identifier=urn:x|nobody"}},"request":{"method":"POST","url":"Condition"}}]}"""),
                400, "not-found", "conditional reference");
        JsonNode vaulted = hub.get("/admin/vault?source=" + source[0]).json();
        assertThat(vaulted).hasSize(4);
        vaulted.forEach(submission -> assertThat(submission.path("status").asText()).isEqualTo("REJECTED"));
    }

    @Test
    void anInvalidResidentIdIsStoredAndFlaggedForItsSource() {
        String[] source = hub.newSource("BI");
        String valid = newResidentId();
        String wrongCheck = valid.substring(0, 17) + (valid.charAt(17) == '1' ? '2' : '1');
        assertThat(hub.postJson(source[1], patientBundle("p1", wrongCheck, "")).status()).isEqualTo(200);
        assertThat(count("Patient?identifier=urn:oid:2.16.156.10011.1.1|" + wrongCheck)).isEqualTo(1);
        assertThat(hub.get("/admin/vault?source=" + source[0] + "&status=REJECTED").json()).isEmpty();
        JsonNode issues = hub.get("/admin/sources/" + source[0] + "/quality").json();
        assertThat(issues.path("counts").path("resident-id-invalid").asLong()).isEqualTo(1);
        assertThat(issues.path("issues").get(0).path("message").asText()).contains("check character");
        // The malformed ID links nobody: a record with the valid ID becomes a person of its own.
        assertThat(hub.postJson(source[1], patientBundle("p2", valid, "")).status()).isEqualTo(200);
        JsonNode persons = hub.get("/admin/mpi/patients?source=" + source[0]).json();
        assertThat(persons.findValuesAsText("person").stream().distinct()).hasSize(2);
    }

    @Test
    void missingOrWrongCredentialsGet401() {
        HubClient.Response anonymous = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir"))
                .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertOutcome(anonymous, 401, "login", "authentication required");
        assertOutcome(hub.postJson("chs_" + "x".repeat(40), "{}"), 401, "login", "authentication required");
        HubClient.Response readWithoutAuth = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir/Patient")));
        assertThat(readWithoutAuth.status()).isEqualTo(401);
        String[] source = hub.newSource("SR");
        HubClient.Response sourceReading = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir/Patient"))
                .header("Authorization", "Bearer " + source[1]));
        assertOutcome(sourceReading, 403, "forbidden", "role");
    }

    @Test
    void aPayloadOverTheLimitGets413AndIsNotStored() {
        String[] source = hub.newSource("BL");
        byte[] huge = new byte[1_048_577 + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertOutcome(hub.postFhir(source[1], "application/fhir+json", huge), 413, "too-costly", "exceeds the limit");
        assertThat(hub.get("/admin/vault?source=" + source[0]).json()).isEmpty();
    }

    @Test
    void aGzipBombIsStoppedAndKeptAsRejected() throws IOException {
        String[] source = hub.newSource("BG");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        HubClient.Response response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir"))
                .header("Authorization", "Bearer " + source[1]).header("Content-Type", "application/fhir+json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())));
        assertOutcome(response, 413, "too-costly", "decompression bomb");
        assertThat(hub.get("/admin/vault?source=" + source[0] + "&status=REJECTED").json()).hasSize(1);
    }

    @Test
    void gzipBodiesThatAreFineAreAccepted() throws IOException {
        String[] source = hub.newSource("GZ");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(patientBundle("p1", newResidentId(), "").getBytes(StandardCharsets.UTF_8));
        }
        HubClient.Response response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir"))
                .header("Authorization", "Bearer " + source[1]).header("Content-Type", "application/fhir+json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    @Test
    void readErrorsAreOperationOutcomes() {
        assertOutcome(hub.get("/fhir/Patient/no-such-id"), 404, "not-found", "not known");
        assertOutcome(hub.get("/fhir/Spaceship/1"), 404, "not-supported", "unknown resource type");
        assertOutcome(hub.get("/fhir/Observation?colour=red"), 400, "not-supported", "colour");
        assertOutcome(hub.get("/fhir/Observation?date=yesterday"), 400, "invalid", "date");
        assertOutcome(hub.get("/fhir/Observation?_count=abc"), 400, "invalid", "_count");
        assertOutcome(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir/Patient/1"))
                .header("Authorization", hub.adminAuthorization()).DELETE()), 405, "not-supported", "not supported");
    }

    @Test
    void theCapabilityStatementDescribesTheApi() {
        HubClient.Response response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir/metadata")));
        assertThat(response.status()).isEqualTo(200);
        JsonNode statement = response.json();
        assertThat(statement.path("resourceType").asText()).isEqualTo("CapabilityStatement");
        assertThat(statement.path("fhirVersion").asText()).isEqualTo("4.0.1");
        assertThat(statement.path("rest").get(0).path("resource").toString()).contains("\"type\":\"Observation\"").contains("everything");
    }

    // ---- bulk NDJSON ----

    @Test
    void ndjsonLoadsLineByLineReportingBadLines() throws IOException {
        String[] source = hub.newSource("ND");
        String residentId = newResidentId();
        String ndjson = String.join("\n",
                "{\"resourceType\":\"Patient\",\"id\":\"n1\",\"identifier\":[{\"system\":\"urn:oid:2.16.156.10011.1.1\",\"value\":\"" + residentId + "\"}]}",
                "{\"resourceType\":\"Encounter\",\"id\":\"e1\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"},\"subject\":{\"reference\":\"Patient/n1\"}}",
                "this is not json",
                "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"text\":\"hr\"},\"subject\":{\"reference\":\"Patient/n1\"},\"encounter\":{\"reference\":\"Encounter/e1\"}}",
                "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"code\":{\"text\":\"hr\"},\"subject\":{\"reference\":\"Patient/ghost\"}}",
                "", "{\"resourceType\":\"Observation\",\"status\":\"final\"}");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        HubClient.Response response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ingest/ndjson?wait=true"))
                .header("Authorization", "Bearer " + source[1]).header("Content-Type", "application/fhir+ndjson")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray())));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode job = response.json();
        assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.path("rejectedLines").asInt()).as(job.toString()).isEqualTo(3);
        assertThat(job.path("resources").asInt()).isEqualTo(3);
        assertThat(job.path("rejectedLines").asInt()).isEqualTo(3);
        List<Long> badLines = new ArrayList<>();
        job.path("errors").forEach(error -> badLines.add(error.path("line").asLong()));
        assertThat(badLines).containsExactlyInAnyOrder(3L, 5L, 7L);
        assertThat(hub.get(response.header("Content-Location")).json().path("resources").asInt()).isEqualTo(3);
        JsonNode patients = hub.get("/fhir/Patient?identifier=urn:oid:2.16.156.10011.1.1|" + residentId).json();
        String patient = patients.path("entry").get(0).path("resource").path("id").asText();
        assertThat(hub.get("/fhir/Patient/" + patient + "/$everything").json().path("entry")).hasSize(3);
    }

    @Test
    void ndjsonFilesMayReferToEachOtherInCycles() {
        String[] source = hub.newSource("NC");
        String residentId = newResidentId();
        String patients = "{\"resourceType\":\"Patient\",\"id\":\"n1\",\"identifier\":[{\"system\":\"urn:oid:2.16.156.10011.1.1\",\"value\":\"" + residentId + "\"}]}";
        String encounters = "{\"resourceType\":\"Encounter\",\"id\":\"e1\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"},"
                + "\"subject\":{\"reference\":\"Patient/n1\"},\"diagnosis\":[{\"condition\":{\"reference\":\"Condition/c1\"}}]}";
        String conditions = "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/n1\"},"
                + "\"encounter\":{\"reference\":\"Encounter/e1\"},\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"I10\"}]}}";
        for (String file : List.of(patients, encounters, conditions)) {
            HubClient.Response job = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ingest/ndjson?wait=true"))
                    .header("Authorization", "Bearer " + source[1]).header("Content-Type", "application/fhir+ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(file)));
            assertThat(job.json().path("rejectedLines").asInt()).as(job.body()).isZero();
        }
        String patient = hub.get("/fhir/Patient?identifier=urn:oid:2.16.156.10011.1.1|" + residentId).json()
                .path("entry").get(0).path("resource").path("id").asText();
        JsonNode everything = hub.get("/fhir/Patient/" + patient + "/$everything?_type=Encounter").json();
        String conditionReference = everything.path("entry").get(0).path("resource").path("diagnosis").get(0).path("condition").path("reference").asText();
        assertThat(hub.get("/fhir/" + conditionReference).status()).isEqualTo(200);
    }

    @Test
    void ndjsonInAFormEncodingIsRefused() {
        String[] source = hub.newSource("NF");
        HubClient.Response response = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ingest/ndjson?wait=true"))
                .header("Authorization", "Bearer " + source[1]).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"a\"}")));
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    // ---- the vault gives back exactly what was sent ----

    @Test
    void vaultRestoreWritesTheOriginalBytesBack(@TempDir Path restoreDirectory) throws IOException {
        String[] source = hub.newSource("VA");
        byte[] accepted = patientBundle("p1", newResidentId(), "").getBytes(StandardCharsets.UTF_8);
        byte[] rejected = "{\"resourceType\":\"Bundle\" oops".getBytes(StandardCharsets.UTF_8);
        hub.postFhir(source[1], "application/fhir+json", accepted);
        hub.postFhir(source[1], "application/fhir+json", rejected);

        RestoreSummary summary = vault.restore(source[0], Instant.now().minusSeconds(3600), Instant.now().plusSeconds(60), restoreDirectory);

        assertThat(summary.submissions()).isEqualTo(2);
        List<byte[]> restored = new ArrayList<>();
        try (var files = Files.list(restoreDirectory)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                restored.add(Files.readAllBytes(file));
            }
        }
        assertThat(restored).hasSize(2);
        assertThat(restored.get(0)).isEqualTo(accepted);
        assertThat(restored.get(1)).isEqualTo(rejected);
        assertThat(Files.readString(restoreDirectory.resolve("manifest.csv"))).contains("ACCEPTED").contains("REJECTED");
    }
}
