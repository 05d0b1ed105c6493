package org.cityhealth.hub.feeds.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.identity.PersonIndex;
import org.cityhealth.hub.vault.SubmissionStatus;
import org.cityhealth.hub.vault.Vault;
import org.cityhealth.hub.vault.VaultQuery;
import org.cityhealth.hub.vault.VaultSubmission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The HL7 v2 feed end to end (on H2 and on PostgreSQL): HAPI's MLLP client against the hub's listener, HTTP with a source token,
 * the vault, the FHIR API and the person index.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"cityhealth.feeds.hl7.mllp-port=0", "cityhealth.mpi.training-check=1h"})
abstract class Hl7FeedContract {

    @LocalServerPort
    int port;
    @Autowired
    AdminBootstrap admin;
    @Autowired
    MllpListener listener;
    @Autowired
    Vault vault;
    @Autowired
    PersonIndex persons;

    HubClient hub;
    HapiContext hapi;
    String[] source;

    @BeforeEach
    void connect() {
        hub = new HubClient(port, admin.demoPassword());
        source = hub.newSource("HL");
        hapi = new DefaultHapiContext();
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        // Sends in the character set MSH-18 names (UTF-8 here), as HIS interface engines do.
        hapi.setLowerLayerProtocol(new MinLowerLayerProtocol(true));
    }

    @AfterEach
    void close() throws Exception {
        hapi.close();
    }

    String send(Connection connection, String fixture) throws Exception {
        Message message = hapi.getPipeParser().parse(Hl7Fixtures.text(fixture, source[0]));
        Message ack = connection.getInitiator().sendAndReceive(message);
        return new Terser(ack).get("/MSA-1");
    }

    /** The FHIR resources of a type the hub holds for a patient, read through the FHIR API as an operator. */
    List<JsonNode> search(String query) {
        HubClient.Response response = hub.get("/fhir/" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(response.json().path("entry").spliterator(), false).map(entry -> entry.path("resource")).toList();
    }

    String hubPatientId(String mrn) {
        List<JsonNode> patients = search("Patient?identifier=urn:cityhealth:source:" + source[0] + ":mrn|" + mrn);
        assertThat(patients).as("Patient " + mrn).hasSize(1);
        return patients.get(0).path("id").asText();
    }

    List<VaultSubmission> rejected() {
        return vault.list(new VaultQuery(source[0], SubmissionStatus.REJECTED, null, null, 100, 0));
    }

    @Test
    void anAdmissionAndResultsOverMllpAreAcknowledgedAndStoredOnce() throws Exception {
        try (Connection connection = hapi.newClient("127.0.0.1", listener.port(), false)) {
            assertThat(send(connection, "adt_a01_v23.hl7")).isEqualTo("AA");
            assertThat(send(connection, "oru_r01_v251.hl7")).isEqualTo("AA");
        }
        String patient = hubPatientId("MRN10001");
        JsonNode stored = search("Patient?identifier=urn:oid:2.16.156.10011.1.1|330106198503071238").get(0);
        assertThat(stored.path("name").get(0).path("text").asText()).isEqualTo("王小明");
        assertThat(search("Encounter?patient=Patient/" + patient)).singleElement()
                .satisfies(encounter -> assertThat(encounter.path("status").asText()).isEqualTo("in-progress"));
        assertThat(search("Observation?patient=Patient/" + patient + "&_count=100")).hasSize(7);

        int vaulted = vault.list(new VaultQuery(source[0], null, null, null, 100, 0)).size();
        byte[] result = Hl7Fixtures.bytes("oru_r01_v251.hl7", source[0]);
        byte[] retransmission = new String(result, StandardCharsets.UTF_8).replace("20250301103000+0800||ORU", "20250301113000+0800||ORU")
                .getBytes(StandardCharsets.UTF_8);
        try (MllpSender sender = new MllpSender("127.0.0.1", listener.port())) {
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(result))).isEqualTo("AA");
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(result))).as("the same bytes again").isEqualTo("AA");
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(retransmission))).as("same control id, new MSH-7").isEqualTo("AA");
        }
        // The identical resend stored nothing; the retransmission one new version of each, under the same ids.
        assertThat(search("Observation?patient=Patient/" + patient + "&_count=100")).hasSize(7)
                .allSatisfy(observation -> assertThat(observation.path("meta").path("versionId").asText()).isEqualTo("2"));
        assertThat(search("DiagnosticReport?patient=Patient/" + patient)).singleElement()
                .satisfies(report -> assertThat(report.path("meta").path("versionId").asText()).isEqualTo("2"));
        // HAPI's client sent the very bytes of the fixture: identical bytes are one vault row whoever sends them.
        assertThat(vault.list(new VaultQuery(source[0], null, null, null, 100, 0))).as("resends are one vault row, the retransmission another")
                .hasSize(vaulted + 1);
    }

    @Test
    void badMessagesAreVaultedAsRejectedWithTheirErrAndTheConnectionGoesOn() throws Exception {
        String good = Hl7Fixtures.text("adt_a04_v251.hl7", source[0]);
        String truncated = good.substring(0, good.indexOf("||ADT^A04"));
        String wrongMsh = good.replace("MSH|^~\\&|", "MSH|^^^^|");
        String unknownTrigger = good.replace("ADT^A04^ADT_A01", "ADT^A99").replace("ADT0003", "ADT0099");
        String noPatientId = good.replace("MRN10002^^^" + source[0] + "^MR", "").replace("ADT0003", "ADT0098");
        try (MllpSender sender = new MllpSender("127.0.0.1", listener.port())) {
            String ack = new String(sender.exchange(truncated.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(ack).contains("MSA|AR").contains("101^").contains("MSH^1^9");
            ack = new String(sender.exchange(wrongMsh.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(ack).contains("MSA|AR|ADT0003").contains("100^").contains("MSH^1^2");
            ack = new String(sender.exchange(unknownTrigger.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(ack).contains("MSA|AR|ADT0099").contains("201^").contains("|MSH^1^9^^2|"); // ERL: segment^sequence^field^repetition^component
            ack = new String(sender.exchange(noPatientId.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(ack).contains("MSA|AE|ADT0098").contains("101^").contains("PID^1^3");
            ack = new String(sender.exchange("this is not HL7".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(ack).as("unattributable: answered, kept under the gateway source").contains("MSA|AR").contains("100^");
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(good.getBytes(StandardCharsets.UTF_8)))).isEqualTo("AA");
        }
        assertThat(rejected()).hasSize(4).allSatisfy(row -> assertThat(row.reason()).isNotBlank());
        assertThat(gatewayRejections()).anySatisfy(reason -> assertThat(reason).startsWith("MSH^1: the message does not start with an MSH segment"));
        assertThat(rejected()).extracting(VaultSubmission::reason).anySatisfy(reason -> assertThat(reason).startsWith("PID^1^3:"))
                .anySatisfy(reason -> assertThat(reason).startsWith("MSH^1^9^2:"));
    }

    @Test
    void aResendOfARefusedMessageGetsTheSameErr() throws Exception {
        byte[] noPatientId = Hl7Fixtures.text("adt_a04_v251.hl7", source[0]).replace("MRN10002^^^" + source[0] + "^MR", "").getBytes(StandardCharsets.UTF_8);
        try (MllpSender sender = new MllpSender("127.0.0.1", listener.port())) {
            String first = new String(sender.exchange(noPatientId), StandardCharsets.UTF_8);
            String again = new String(sender.exchange(noPatientId), StandardCharsets.UTF_8);
            assertThat(again).contains("MSA|AE").contains("PID^1^3").contains("101^");
            assertThat(first.substring(first.indexOf("MSA"))).isEqualTo(again.substring(again.indexOf("MSA")));
        }
        assertThat(rejected()).hasSize(1);
    }

    @Test
    void anUnknownSendingFacilityIsRejectedAndKeptUnderTheGatewaySource() throws Exception {
        String message = Hl7Fixtures.text("adt_a04_v251.hl7", "NO-SUCH-SOURCE");
        try (MllpSender sender = new MllpSender("127.0.0.1", listener.port())) {
            String ack = new String(sender.exchange(message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
            assertThat(ack).contains("MSA|AR|ADT0003").contains("204^").contains("MSH^1^4");
        }
        assertThat(vault.list(new VaultQuery("NO-SUCH-SOURCE", null, null, null, 10, 0))).isEmpty();
        assertThat(gatewayRejections()).contains("MSH^1^4: unknown sending facility 'NO-SUCH-SOURCE'");
    }

    private List<String> gatewayRejections() {
        return vault.list(new VaultQuery("MLLP-GATEWAY", SubmissionStatus.REJECTED, null, null, 100, 0)).stream().map(VaultSubmission::reason).toList();
    }

    @Test
    void anA40MergesTheTwoPatientsPersons() throws Exception {
        String first = Hl7Fixtures.text("adt_a04_v251.hl7", source[0]).replace("MRN10002", "MRN20001").replace("ADT0003", "ADT0201");
        String second = Hl7Fixtures.text("adt_a04_v251.hl7", source[0]).replace("MRN10002", "MRN20002").replace("ADT0003", "ADT0202")
                .replace("赵^丽娟", "陈^建国").replace("V20250302077", "V20250302078");
        try (MllpSender sender = new MllpSender("127.0.0.1", listener.port())) {
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(first.getBytes(StandardCharsets.UTF_8)))).isEqualTo("AA");
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(second.getBytes(StandardCharsets.UTF_8)))).isEqualTo("AA");
            String survivor = hubPatientId("MRN20001");
            String replaced = hubPatientId("MRN20002");
            assertThat(persons.personOf(survivor)).isNotEqualTo(persons.personOf(replaced));
            byte[] merge = Hl7Fixtures.bytes("adt_a40_v251.hl7", source[0]);
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(merge))).isEqualTo("AA");
            assertThat(persons.personOf(replaced)).isEqualTo(persons.personOf(survivor));
            long person = persons.personOf(survivor).orElseThrow();
            assertThat(persons.linksOf(person)).hasSize(2);
            JsonNode retired = hub.get("/fhir/Patient/" + replaced).json();
            assertThat(retired.path("active").asBoolean(true)).as("the replaced Patient is retired").isFalse();
            assertThat(retired.path("link")).hasSize(1);
            assertThat(retired.path("link").get(0).path("type").asText()).isEqualTo("replaced-by");
            assertThat(retired.path("link").get(0).path("other").path("reference").asText()).isEqualTo("Patient/" + survivor);
            assertThat(retired.path("meta").path("versionId").asText()).isEqualTo("2");
            assertThat(retired.path("name").get(0).path("text").asText()).as("its demographics stay").isEqualTo("陈建国");
            assertThat(hub.get("/fhir/Patient/" + replaced + "/_history/1").json().path("active").asBoolean(true)).isTrue();
            String resent = new String(merge, StandardCharsets.UTF_8).replace("20250310080000+0800||ADT", "20250310090000+0800||ADT");
            assertThat(MllpSender.acknowledgmentCode(sender.exchange(resent.getBytes(StandardCharsets.UTF_8)))).isEqualTo("AA");
            assertThat(persons.personOf(survivor)).as("merging again changes nothing").hasValue(person);
            assertThat(persons.personOf(replaced)).hasValue(person);
            assertThat(persons.linksOf(person)).hasSize(2);
            assertThat(hub.get("/fhir/Patient/" + replaced).json().path("meta").path("versionId").asText())
                    .as("already retired: no new version").isEqualTo("2");
        }
    }

    @Test
    void httpWithTheSourceTokenAnswersTheAck() {
        HubClient.Response accepted = postHl7(source[1], Hl7Fixtures.bytes("vxu_v04_v251.hl7", source[0]));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.header("Content-Type")).startsWith("x-application/hl7-v2+er7");
        assertThat(accepted.body()).contains("MSA|AA|VAX0001");
        assertThat(search("Immunization?patient=Patient/" + hubPatientId("MRN30001"))).hasSize(1);

        String[] other = hub.newSource("HO");
        HubClient.Response rejected = postHl7(source[1], Hl7Fixtures.bytes("vxu_v04_v251.hl7", other[0]));
        assertThat(rejected.status()).isEqualTo(400);
        assertThat(rejected.body()).contains("MSA|AR|VAX0001").contains("204^").contains("MSH^1^4");

        HubClient.Response gb18030 = postHl7(source[1], Hl7Fixtures.bytes("oru_r01_v23_gb18030.hl7", source[0]));
        assertThat(gb18030.status()).as(gb18030.body()).isEqualTo(200);
        assertThat(search("Patient?identifier=urn:cityhealth:source:" + source[0] + ":mrn|MRN10002").get(0).path("name").get(0).path("text").asText())
                .isEqualTo("赵丽娟");
    }

    @Test
    void aReplacementDocumentSupersedesTheOriginalOnce() throws Exception {
        try (Connection connection = hapi.newClient("127.0.0.1", listener.port(), false)) {
            assertThat(send(connection, "mdm_t02_v24.hl7")).isEqualTo("AA");
            assertThat(send(connection, "mdm_t10_v251.hl7")).isEqualTo("AA");
            assertThat(send(connection, "mdm_t10_v251.hl7")).as("a resend").isEqualTo("AA");
        }
        List<JsonNode> documents = search("DocumentReference?patient=Patient/" + hubPatientId("MRN10001"));
        assertThat(documents).extracting(document -> document.path("status").asText()).containsExactlyInAnyOrder("current", "superseded");
        JsonNode original = documents.stream().filter(document -> document.path("status").asText().equals("superseded")).findFirst().orElseThrow();
        JsonNode replacement = documents.stream().filter(document -> document.path("status").asText().equals("current")).findFirst().orElseThrow();
        assertThat(original.path("masterIdentifier").path("value").asText()).isEqualTo("DOC-2025-0001");
        assertThat(original.path("meta").path("versionId").asText()).as("superseded once, not again by the resend").isEqualTo("2");
        assertThat(original.path("content").get(0).path("attachment").path("data").asText()).as("its content stays").isNotEmpty();
        assertThat(replacement.path("relatesTo")).singleElement().satisfies(relation -> {
            assertThat(relation.path("code").asText()).isEqualTo("replaces");
            assertThat(relation.path("target").path("reference").asText()).isEqualTo("DocumentReference/" + original.path("id").asText());
        });
        assertThat(replacement.path("meta").path("versionId").asText()).isEqualTo("1");
    }

    @Test
    void theBenchmarkSenderDeliversOverConcurrentConnections() throws Exception {
        List<byte[]> messages = java.util.stream.IntStream.range(0, 200).mapToObj(i -> MllpSender.sampleResult(source[0], i, 50)).toList();
        MllpSender.Result result = MllpSender.run("127.0.0.1", listener.port(), messages, 4);
        org.slf4j.LoggerFactory.getLogger(Hl7FeedContract.class).info("MLLP: {}", result);
        assertThat(result.messages()).isEqualTo(200);
        assertThat(result.accepted()).isEqualTo(200);
        assertThat(search("Patient?identifier=urn:cityhealth:source:" + source[0] + ":mrn|BP7")).hasSize(1);
    }

    HubClient.Response postHl7(String token, byte[] body) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ingest/hl7v2")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "x-application/hl7-v2+er7").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }
}
