package org.cityhealth.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.TestDatabases;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.ingest.Rederivation.Wanted;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.identity.ResidentId;
import org.cityhealth.store.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every stored version is re-derived from the vault byte for byte: transactions with random ids, urn:uuid and
 * conditional references, XML, new versions, deletions, a batch with a failed entry, and NDJSON (gzip, several
 * chunks, one resource twice in one file). Chunks of two lines make each NDJSON chunk its own write instant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "cityhealth.ingest.bulk-chunk-size=2")
class RederivationH2IT {

    private static int sequence = (int) (System.nanoTime() % 500);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.h2(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap admin;

    @Autowired
    Rederivation rederivation;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Vault vault;

    @Autowired
    ObjectStore objects;

    HubClient hub;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
    }

    /** A stored version as the store holds it. */
    record Row(String type, String id, int version, Instant lastUpdated, long submissionId, boolean deleted, byte[] body) {
        Wanted wanted() {
            return new Wanted(type, id, version, lastUpdated, sha256(body));
        }

        String key() {
            return type + "/" + id + "/" + version;
        }
    }

    @Test
    void everyStoredVersionIsRederivedByteForByteFromTheVault() throws IOException {
        String[] source = hub.newSource("RD");
        String token = source[1];
        String p1 = residentId();
        String x1 = residentId();

        // A transaction: conditional create, PUT with the source's own meta, POSTs without ids named by urn:uuid,
        // a conditional reference to a Patient of this bundle, an absolute fullUrl, a contained resource, 1.0E+2.
        ok(hub.postJson(token, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"fullUrl":"urn:uuid:7c1e0a52-0000-4000-8000-000000000001","resource":{"resourceType":"Organization","identifier":[{"system":"urn:cityhealth:source","value":"ORG"}],"name":"医院"},
                  "request":{"method":"POST","url":"Organization","ifNoneExist":"identifier=urn:cityhealth:source|ORG"}},
                 {"fullUrl":"http://example.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1","meta":{"versionId":"7","profile":["http://example.org/StructureDefinition/p"]},
                   "identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"},{"system":"urn:mrn","value":"MRN-p1"}],
                   "name":[{"text":"王秀英","family":"王","given":["秀英"]}],"gender":"female","birthDate":"1960-05-01",
                   "managingOrganization":{"reference":"urn:uuid:7c1e0a52-0000-4000-8000-000000000001"}},
                  "request":{"method":"PUT","url":"Patient/p1"}},
                 {"fullUrl":"urn:uuid:7c1e0a52-0000-4000-8000-000000000002","resource":{"resourceType":"Encounter","status":"finished",
                   "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},"subject":{"reference":"Patient/p1"},
                   "serviceProvider":{"reference":"urn:uuid:7c1e0a52-0000-4000-8000-000000000001"},"period":{"start":"2025-01-10T09:00:00+08:00"}},
                  "request":{"method":"POST","url":"Encounter"}},
                 {"fullUrl":"urn:uuid:7c1e0a52-0000-4000-8000-000000000003","resource":{"resourceType":"Observation","status":"final",
                   "identifier":[{"system":"urn:lab","value":"L1"}],"code":{"coding":[{"system":"http://loinc.org","code":"4548-4","display":"HbA1c"}]},
                   "subject":{"reference":"Patient?identifier=urn:mrn|MRN-p1"},"encounter":{"reference":"urn:uuid:7c1e0a52-0000-4000-8000-000000000002"},
                   "effectiveDateTime":"2025-01-10T09:10:00+08:00","valueQuantity":{"value":7.20,"unit":"%%","system":"http://unitsofmeasure.org","code":"%%"}},
                  "request":{"method":"POST","url":"Observation"}},
                 {"fullUrl":"urn:uuid:7c1e0a52-0000-4000-8000-000000000004","resource":{"resourceType":"Observation","status":"final",
                   "contained":[{"resourceType":"Specimen","id":"s1","type":{"text":"全血"}}],"specimen":{"reference":"#s1"},
                   "identifier":[{"system":"urn:lab","value":"L2"}],"code":{"text":"血糖"},
                   "subject":{"reference":"http://example.org/fhir/Patient/p1"},"encounter":{"reference":"urn:uuid:7c1e0a52-0000-4000-8000-000000000002"},
                   "hasMember":[{"reference":"urn:uuid:7c1e0a52-0000-4000-8000-000000000003"}],"valueQuantity":{"value":1.0E+2,"unit":"mg/dL"}},
                  "request":{"method":"POST","url":"Observation"}},
                 {"resource":{"resourceType":"Observation","id":"o-del","status":"final","code":{"text":"临时"},"subject":{"reference":"Patient/p1"}},
                  "request":{"method":"POST","url":"Observation"}}
                ]}""".formatted(p1)));

        // XML: a PUT and a POST without id whose subject is the Patient's urn:uuid.
        ok(hub.postFhir(token, "application/fhir+xml", """
                <Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/>
                 <entry><fullUrl value="urn:uuid:7c1e0a52-0000-4000-8000-000000000011"/><resource><Patient><id value="x1"/>
                   <identifier><system value="urn:oid:2.16.156.10011.1.1"/><value value="%s"/></identifier>
                   <identifier><system value="urn:mrn"/><value value="MRN-x1"/></identifier>
                   <name><family value="李"/><given value="雷"/></name><gender value="male"/><birthDate value="1970-03-02"/></Patient></resource>
                   <request><method value="PUT"/><url value="Patient/x1"/></request></entry>
                 <entry><fullUrl value="urn:uuid:7c1e0a52-0000-4000-8000-000000000012"/><resource><Observation><status value="final"/>
                   <code><text value="心率"/></code><subject><reference value="urn:uuid:7c1e0a52-0000-4000-8000-000000000011"/></subject>
                   <valueQuantity><value value="72.50"/><unit value="/min"/></valueQuantity></Observation></resource>
                   <request><method value="POST"/><url value="Observation"/></request></entry>
                </Bundle>""".formatted(x1).getBytes(StandardCharsets.UTF_8)));

        // Version 2 of p1, conditional references resolved from the store, a DELETE and a conditional DELETE.
        ok(hub.postJson(token, """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"},{"system":"urn:mrn","value":"MRN-p1"}],
                   "name":[{"text":"王秀英","family":"王","given":["秀英"]}],"gender":"female","birthDate":"1960-05-01",
                   "telecom":[{"system":"phone","value":"13800000000"}]},
                  "request":{"method":"PUT","url":"Patient/p1"}},
                 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"血压"},
                   "subject":{"reference":"Patient?identifier=urn:mrn|MRN-x1"},"performer":[{"reference":"Organization?identifier=urn:cityhealth:source|ORG"}],
                   "valueString":"\\"高\\" \\\\ 压\\n😀"},
                  "request":{"method":"POST","url":"Observation"}},
                 {"request":{"method":"DELETE","url":"Observation/o-del"}},
                 {"request":{"method":"DELETE","url":"Observation?identifier=urn:lab|L2"}}
                ]}""".formatted(p1)));

        // A batch: each entry its own transaction and write instant; one entry fails and has no location.
        ok(hub.postJson(token, """
                {"resourceType":"Bundle","type":"batch","entry":[
                 {"fullUrl":"urn:uuid:7c1e0a52-0000-4000-8000-000000000021","resource":{"resourceType":"Observation","status":"final","code":{"text":"体温"},
                   "subject":{"reference":"Patient/p1"},"valueQuantity":{"value":36.70}},
                  "request":{"method":"POST","url":"Observation"}},
                 {"resource":{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"},{"system":"urn:mrn","value":"MRN-p1"}],
                   "gender":"female","birthDate":"1960-05-01"},
                  "request":{"method":"PUT","url":"Patient/p1"}},
                 {"resource":{"resourceType":"Observation","status":"final","code":{"text":"无"},"subject":{"reference":"Patient/ghost"}},
                  "request":{"method":"POST","url":"Observation"}},
                 {"resource":{"resourceType":"Encounter","id":"e-b","status":"finished","class":{"code":"IMP"},
                   "subject":{"reference":"Patient?identifier=urn:mrn|MRN-p1"}},
                  "request":{"method":"PUT","url":"Encounter/e-b"}}
                ]}""".formatted(p1)));

        // NDJSON, gzip, in chunks of two lines: a bad line, forward references, o1 and o2 each stored twice.
        String n1 = residentId();
        String ndjson = String.join("\n",
                "{\"resourceType\":\"Patient\",\"id\":\"n1\",\"identifier\":[{\"system\":\"urn:oid:2.16.156.10011.1.1\",\"value\":\"" + n1 + "\"}]}",
                "{\"resourceType\":\"Encounter\",\"id\":\"e1\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"},\"subject\":{\"reference\":\"Patient/n1\"},"
                        + "\"diagnosis\":[{\"condition\":{\"reference\":\"Condition/c1\"}}]}",
                "{\"resourceType\":\"Condition\",\"id\":\"c1\",\"subject\":{\"reference\":\"Patient/n1\"},\"encounter\":{\"reference\":\"Encounter/e1\"},"
                        + "\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"I10\"}]}}",
                "this is not json",
                "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\",\"code\":{\"text\":\"hr\"},\"subject\":{\"reference\":\"Patient/n1\"},"
                        + "\"valueQuantity\":{\"value\":98.60}}",
                "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"code\":{\"text\":\"备注 é\"},\"subject\":{\"reference\":\"Patient/n1\"},"
                        + "\"performer\":[{\"reference\":\"http://example.org/Practitioner/1\"}]}",
                "{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"amended\",\"code\":{\"text\":\"hr\"},\"subject\":{\"reference\":\"Patient/n1\"},"
                        + "\"valueQuantity\":{\"value\":99.10}}",
                "{\"resourceType\":\"Observation\",\"id\":\"o2\",\"status\":\"final\",\"code\":{\"text\":\"备注 é\"},\"subject\":{\"reference\":\"Patient/n1\"},"
                        + "\"performer\":[{\"reference\":\"http://example.org/Practitioner/1\"}]}");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(ndjson.getBytes(StandardCharsets.UTF_8));
        }
        bulk(token, compressed.toByteArray(), true, 1);
        // Plain NDJSON with CRLF line ends.
        bulk(token, ("{\"resourceType\":\"Patient\",\"id\":\"n2\",\"gender\":\"male\"}\r\n"
                + "{\"resourceType\":\"Observation\",\"id\":\"o3\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/n2\"}}\r\n")
                .getBytes(StandardCharsets.UTF_8), false, 0);

        List<Row> rows = rows(source[0]);
        assertThat(rows).hasSize(24);
        assertThat(rows).anyMatch(row -> row.type().equals("Patient") && row.version() == 3);
        assertThat(rows).filteredOn(Row::deleted).hasSize(2);
        assertThat(rows).filteredOn(row -> row.type().equals("Observation") && row.version() == 2 && !row.deleted()).hasSize(2);

        Map<Long, List<Row>> bySubmission = new LinkedHashMap<>();
        rows.forEach(row -> bySubmission.computeIfAbsent(row.submissionId(), id -> new ArrayList<>()).add(row));
        assertThat(bySubmission).hasSize(6);
        for (Map.Entry<Long, List<Row>> submission : bySubmission.entrySet()) {
            Map<String, byte[]> bodies = rederivation.rederive(submission.getKey(), submission.getValue().stream().map(Row::wanted).toList());
            for (Row row : submission.getValue()) {
                assertThat(bodies.get(row.key())).as("%s of submission %d: %s", row.key(), row.submissionId(),
                        new String(row.body(), StandardCharsets.UTF_8)).isEqualTo(row.body());
            }
            assertThat(bodies).hasSameSizeAs(submission.getValue());
        }
    }

    @Test
    void onlyTheExactBodyIsReturnedAndADamagedVaultObjectGivesNothing() throws IOException {
        String[] source = hub.newSource("RW");
        String resident = residentId();
        for (String id : List.of("w1", "w2", "w3")) {
            ok(hub.postJson(source[1], """
                    {"resourceType":"Bundle","type":"transaction","entry":[
                     {"resource":{"resourceType":"Patient","id":"%s","identifier":[{"system":"urn:mrn","value":"%s"}],"gender":"other"},
                      "request":{"method":"PUT","url":"Patient/%s"}}]}""".formatted(id, id + "-" + resident, id)));
        }
        List<Row> rows = rows(source[0]);
        assertThat(rows).hasSize(3);
        Row row = rows.get(0);
        assertThat(rederivation.rederive(row.submissionId(), List.of(row.wanted()))).containsKey(row.key());

        String otherHash = sha256(rows.get(1).body());
        assertThat(rederivation.rederive(row.submissionId(), List.of(new Wanted(row.type(), row.id(), row.version(), row.lastUpdated(), otherHash))))
                .isEmpty();
        assertThat(rederivation.rederive(row.submissionId(), List.of(new Wanted(row.type(), row.id(), row.version(), row.lastUpdated(), "not hex"))))
                .isEmpty();
        // A transaction's response names the exact write instant, and the hash decides; NDJSON has only the stored instant.
        assertThat(rederivation.rederive(row.submissionId(),
                List.of(new Wanted(row.type(), row.id(), row.version(), row.lastUpdated().plusSeconds(1), sha256(row.body())))).get(row.key()))
                .isEqualTo(row.body());
        bulk(source[1], "{\"resourceType\":\"Patient\",\"id\":\"w4\",\"gender\":\"other\"}".getBytes(StandardCharsets.UTF_8), false, 0);
        Row line = rows(source[0]).get(3);
        assertThat(rederivation.rederive(line.submissionId(), List.of(line.wanted())).get(line.key())).isEqualTo(line.body());
        assertThat(rederivation.rederive(line.submissionId(),
                List.of(new Wanted(line.type(), line.id(), line.version(), line.lastUpdated().plusSeconds(1), sha256(line.body()))))).isEmpty();
        assertThat(rederivation.rederive(line.submissionId(),
                List.of(new Wanted(line.type(), line.id(), line.version(), line.lastUpdated().plusNanos(5_000), sha256(line.body()))))).isEmpty();
        assertThat(rederivation.rederive(row.submissionId(), List.of(new Wanted(row.type(), row.id(), row.version() + 1, row.lastUpdated(),
                sha256(row.body()))))).isEmpty();
        assertThat(rederivation.rederive(Long.MAX_VALUE, List.of(row.wanted()))).isEmpty();
        // Without the response, a resource the source named still has a known hub id; the instant is searched for.
        jdbc.update("update vault_submission set response = null where id = ?", row.submissionId());
        assertThat(rederivation.rederive(row.submissionId(), List.of(row.wanted())).get(row.key())).isEqualTo(row.body());

        Row missing = rows.get(1);
        objects.delete(vault.byId(missing.submissionId()).orElseThrow().objectKey());
        assertThat(rederivation.rederive(missing.submissionId(), List.of(missing.wanted()))).isEmpty();
        Row corrupt = rows.get(2);
        objects.put(vault.byId(corrupt.submissionId()).orElseThrow().objectKey(), "not zstd".getBytes(StandardCharsets.UTF_8));
        assertThat(rederivation.rederive(corrupt.submissionId(), List.of(corrupt.wanted()))).isEmpty();
    }

    private List<Row> rows(String sourceCode) {
        return jdbc.query("""
                select r.res_type, r.res_id, r.version, r.last_updated, r.submission_id, r.deleted, r.body
                from resource r join source s on s.id = r.source_id where s.code = ? order by r.submission_id, r.res_id, r.version""",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getLong(5), rs.getBoolean(6), rs.getBytes(7)), sourceCode);
    }

    private void bulk(String token, byte[] body, boolean gzip, int rejectedLines) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base() + "/ingest/ndjson?wait=true"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        HubClient.Response response = hub.send(request);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("state").asText()).as(response.body()).isEqualTo("COMPLETED");
        assertThat(response.json().path("rejectedLines").asInt()).as(response.body()).isEqualTo(rejectedLines);
    }

    private static void ok(HubClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private static synchronized String residentId() {
        sequence = (sequence + 1) % 1000;
        return ResidentId.of("330106", LocalDate.of(1950, 1, 1).plusDays(UUID.randomUUID().hashCode() & 0x3fff), sequence).value();
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
