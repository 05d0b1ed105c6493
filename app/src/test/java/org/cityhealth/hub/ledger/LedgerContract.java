package org.cityhealth.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.cityhealth.hub.HubClient;
import org.cityhealth.hub.access.AdminBootstrap;
import org.cityhealth.hub.cli.CliRun;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleVerifier;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteVerifier;
import org.cityhealth.ledger.witness.AddResult;
import org.cityhealth.ledger.witness.FileWitnessState;
import org.cityhealth.ledger.witness.Witness;
import org.cityhealth.ledger.witness.WitnessClient;
import org.cityhealth.ledger.witness.WitnessServer;
import org.cityhealth.identity.ResidentId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The ledger's promises over real HTTP, with three real witnesses (C2SP tlog-witness servers with their own keys
 * and state) and a quorum of two: operations leave entries, checkpoints are signed and cosigned, entries come with
 * inclusion proofs any verifier can check, nothing in the log names the resident, refusals are on record, a
 * checkpoint without its quorum is not published, and a forked checkpoint is refused by every witness.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Each database gets its own hub and its own witnesses; a cached hub would keep asking ports the next class reuses.
@org.springframework.test.annotation.DirtiesContext(classMode = org.springframework.test.annotation.DirtiesContext.ClassMode.AFTER_CLASS)
abstract class LedgerContract {

    static final String ORIGIN = "test.cityhealth.local/ledger";
    static final NoteKeyPair HUB_KEY = NoteKeys.generate(ORIGIN, KeyType.ED25519);
    static final List<NoteKeyPair> WITNESS_KEYS = List.of(NoteKeys.generate("witness-a.test", KeyType.ED25519),
            NoteKeys.generate("witness-b.test", KeyType.ED25519), NoteKeys.generate("witness-c.test", KeyType.ED25519));
    static final List<WitnessServer> WITNESSES = new ArrayList<>();
    static final List<Path> WITNESS_STATE = new ArrayList<>();
    static final ObjectMapper JSON = new ObjectMapper();
    static Path dataDirectory;

    @LocalServerPort
    int port;

    @Autowired
    AdminBootstrap accounts;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Pseudonyms pseudonyms;

    @Autowired
    LedgerReader reader;

    HubClient hub;
    HttpClient http = HttpClient.newHttpClient();

    /** The data directory with the hub's ledger key in place, and three witnesses that know that key. */
    static void ledgerWithWitnesses(DynamicPropertyRegistry registry) {
        WITNESSES.clear();
        WITNESS_STATE.clear();
        try {
            Path data = Files.createTempDirectory("cityhealth-ledger-test-");
            dataDirectory = data;
            Files.createDirectories(data.resolve("keys"));
            Files.writeString(data.resolve("keys/ledger-ed25519.key"), HUB_KEY.signerKey());
            registry.add("cityhealth.data-directory", data::toString);
            registry.add("cityhealth.demo", () -> "true");
            registry.add("cityhealth.ledger.origin", () -> ORIGIN);
            registry.add("cityhealth.ledger.quorum", () -> "2");
            registry.add("cityhealth.ledger.witness-timeout", () -> "500ms");
            for (int i = 0; i < WITNESS_KEYS.size(); i++) {
                Path state = Files.createTempDirectory("cityhealth-witness-");
                WITNESS_STATE.add(state);
                WITNESSES.add(startWitness(i, 0));
                int index = i;
                registry.add("cityhealth.ledger.witnesses[" + i + "].name", () -> WITNESS_KEYS.get(index).verifierKey().split("\\+")[0]);
                registry.add("cityhealth.ledger.witnesses[" + i + "].url", () -> "http://127.0.0.1:" + WITNESSES.get(index).port());
                registry.add("cityhealth.ledger.witnesses[" + i + "].key", () -> WITNESS_KEYS.get(index).verifierKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WitnessServer startWitness(int index, int port) throws IOException {
        Witness witness = new Witness(WITNESS_KEYS.get(index).signerKey(), Clock.systemUTC(),
                Map.of(ORIGIN, List.of(NoteKeys.verifier(HUB_KEY.verifierKey()))), new FileWitnessState(WITNESS_STATE.get(index)));
        return WitnessServer.start(new InetSocketAddress("127.0.0.1", port), witness);
    }

    @AfterAll
    static void stopWitnesses() {
        WITNESSES.forEach(WitnessServer::close);
    }

    @BeforeEach
    void connect() {
        hub = new HubClient(port, accounts.demoPassword());
    }

    String auditor() {
        return "Basic " + Base64.getEncoder().encodeToString(("auditor:" + accounts.demoAuditorPassword()).getBytes(StandardCharsets.UTF_8));
    }

    HubClient.Response asAuditor(String path) {
        return hub.send(HttpRequest.newBuilder(URI.create(hub.base() + path)).header("Authorization", auditor()));
    }

    /** The published checkpoint once it covers at least {@code size} entries. */
    Checkpoint awaitPublished(long size) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            HubClient.Response response = asAuditor("/ledger/checkpoint");
            if (response.status() == 200) {
                Checkpoint checkpoint = Checkpoint.parse(Note.open(response.body(), List.of(NoteKeys.verifier(HUB_KEY.verifierKey()))).text());
                if (checkpoint.size() >= size) {
                    return checkpoint;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no checkpoint of size " + size + " was published: " + response.status() + " " + response.body());
            }
            Thread.sleep(50);
        }
    }

    long integratedSize() {
        Long size = jdbc.queryForObject("select coalesce(max(idx) + 1, 0) from ledger_entry", Long.class);
        return size == null ? 0 : size;
    }

    /** Entries recorded so far, integrated or not; one statement, so a sequencing commit cannot fall between the two counts. */
    long recordedSoFar() {
        return jdbc.queryForObject("select (select coalesce(max(idx) + 1, 0) from ledger_entry) + (select count(*) from ledger_outbox)",
                Long.class);
    }

    static String bundle(String patientId, String residentId) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"%s","identifier":[{"system":"urn:oid:2.16.156.10011.1.1","value":"%s"}],
                   "name":[{"text":"李建国"}],"gender":"male","birthDate":"1958-03-02"},"request":{"method":"PUT","url":"Patient/%s"}},
                 {"resource":{"resourceType":"AllergyIntolerance","id":"a-%s","patient":{"reference":"Patient/%s"},
                   "code":{"text":"青霉素"}},"request":{"method":"PUT","url":"AllergyIntolerance/a-%s"}}]}"""
                .formatted(patientId, residentId, patientId, patientId, patientId, patientId);
    }

    static String residentId() {
        return ResidentId.of("330106", java.time.LocalDate.of(1958, 3, 2), (int) (System.nanoTime() % 900)).value();
    }

    @Test
    void everyOperationLeavesAnEntryWithAProofThatVerifies() throws Exception {
        String[] source = hub.newSource("LEDGER");
        String residentId = residentId();
        HubClient.Response stored = hub.postJson(source[1], bundle("p-ledger", residentId));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        String patient = stored.json().path("entry").get(0).path("response").path("location").asText().split("/")[1];
        assertThat(hub.get("/fhir/Patient/" + patient).status()).isEqualTo(200);
        assertThat(hub.get("/fhir/AllergyIntolerance?patient=" + patient).status()).isEqualTo(200);
        long personKey = jdbc.queryForObject("select person_key from patient_link where patient_id = ?", Long.class, patient);

        Checkpoint checkpoint = awaitPublished(recordedSoFar());

        // The hub's key, as published, verifies the checkpoint; so do two or more of the witnesses' cosignatures.
        assertThat(asAuditor("/ledger/key").body().strip()).isEqualTo(HUB_KEY.verifierKey());
        String published = asAuditor("/ledger/checkpoint").body();
        List<NoteVerifier> witnessVerifiers = WITNESS_KEYS.stream().map(k -> NoteKeys.cosignatureVerifier(k.verifierKey())).toList();
        assertThat(Note.open(published, witnessVerifiers).verified()).hasSizeGreaterThanOrEqualTo(2);

        // The person's entries: the submission stored, the patient linked, the reads; all by pseudonym.
        String person = pseudonyms.of(personKey);
        JsonNode rows = JSON.readTree(asAuditor("/ledger/search?person=" + person + "&limit=100").body());
        List<String> actions = new ArrayList<>();
        rows.forEach(row -> actions.add(row.path("action").asText()));
        assertThat(actions).contains("ingest.store", "identity.link", "fhir.read", "fhir.search");

        for (JsonNode row : rows) {
            JsonNode proof = JSON.readTree(asAuditor("/ledger/entries/" + row.path("index").asLong()).body());
            byte[] entry = proof.path("entry").asText().getBytes(StandardCharsets.UTF_8);
            assertThat(proof.path("entry").asText()).doesNotContain(residentId).contains(person);
            List<byte[]> siblings = new ArrayList<>();
            proof.path("proof").forEach(hash -> siblings.add(Base64.getDecoder().decode(hash.asText())));
            Checkpoint provenBy = Checkpoint.parse(Note.open(proof.path("checkpoint").asText(),
                    List.of(NoteKeys.verifier(HUB_KEY.verifierKey()))).text());
            MerkleVerifier.verifyInclusion(HashFunction.SHA256, row.path("index").asLong(), provenBy.size(),
                    new org.cityhealth.ledger.MerkleHasher(HashFunction.SHA256).leafHash(entry), siblings, provenBy.rootHash());
        }
        // The stored allergy is named with the SHA-256 of the bytes the hub serves.
        JsonNode stores = JSON.readTree(asAuditor("/ledger/search?person=" + person + "&action=ingest.store").body());
        JsonNode storeEntry = JSON.readTree(JSON.readTree(asAuditor("/ledger/entries/" + stores.get(0).path("index").asLong()).body())
                .path("entry").asText());
        assertThat(storeEntry.path("actor").asText()).isEqualTo(source[0]);
        assertThat(storeEntry.path("resources").toString()).contains("AllergyIntolerance/");
        assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
    }

    @Test
    void refusalsAreRecordedAndTheLedgerIsForAuditorsOnly() throws Exception {
        String[] source = hub.newSource("DENIED");
        HubClient.Response denied = hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/fhir/Patient"))
                .header("Authorization", "Bearer " + source[1]));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(hub.get("/ledger/checkpoint").status()).as("an operator is not an auditor").isEqualTo(403);
        assertThat(hub.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ledger/checkpoint"))).status()).isEqualTo(401);

        awaitPublished(recordedSoFar());
        JsonNode refusals = JSON.readTree(asAuditor("/ledger/search?actor=" + source[0] + "&decision=deny").body());
        assertThat(refusals).isNotEmpty();
        JsonNode entry = JSON.readTree(JSON.readTree(asAuditor("/ledger/entries/" + refusals.get(0).path("index").asLong()).body())
                .path("entry").asText());
        assertThat(entry.path("decision").asText()).isEqualTo("deny");
        assertThat(entry.path("reason").asText()).contains("GET /fhir/Patient");
        assertThat(entry.path("role").asText()).isEqualTo("SOURCE");
    }

    @Test
    void consistencyProofsLinkEveryPublishedSize() throws Exception {
        String[] source = hub.newSource("GROW");
        hub.postJson(source[1], bundle("g1", residentId()));
        Checkpoint first = awaitPublished(recordedSoFar());
        hub.postJson(source[1], bundle("g2", residentId()));
        Checkpoint second = awaitPublished(recordedSoFar());
        JsonNode proof = JSON.readTree(asAuditor("/ledger/proof/consistency?from=" + first.size() + "&to=" + second.size()).body());
        List<byte[]> hashes = new ArrayList<>();
        proof.path("proof").forEach(hash -> hashes.add(Base64.getDecoder().decode(hash.asText())));
        MerkleVerifier.verifyConsistency(HashFunction.SHA256, first.size(), second.size(), hashes, first.rootHash(), second.rootHash());

        assertThat(second.size()).isGreaterThan(first.size());
        HubClient.Response bad = asAuditor("/ledger/proof/consistency?from=" + second.size() + "&to=" + first.size());
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).contains("from ≤ to");
    }

    @Test
    void withoutItsQuorumACheckpointIsNotPublishedAndAForkIsRefusedByEveryWitness() throws Exception {
        String[] source = hub.newSource("QUORUM");
        hub.postJson(source[1], bundle("q1", residentId()));
        Checkpoint before = awaitPublished(recordedSoFar());

        // Two of three witnesses down: the tree grows, the published checkpoint does not.
        int portB = WITNESSES.get(1).port();
        int portC = WITNESSES.get(2).port();
        WITNESSES.get(1).close();
        WITNESSES.get(2).close();
        try {
            hub.postJson(source[1], bundle("q2", residentId()));
            long wanted = recordedSoFar();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (integratedSize() < wanted && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(integratedSize()).isGreaterThanOrEqualTo(wanted);
            Thread.sleep(1500);
            Checkpoint stalled = awaitPublished(0);
            assertThat(stalled.size()).isLessThan(wanted);
            // The auditors' witness health names the two that did not answer, and only them.
            List<WitnessStatus> health = reader.witnesses();
            assertThat(health).filteredOn(w -> w.lastProblem() != null).extracting(WitnessStatus::name)
                    .containsExactlyInAnyOrder("witness-b.test", "witness-c.test");
            assertThat(health).filteredOn(WitnessStatus::healthy).extracting(WitnessStatus::name).containsExactly("witness-a.test");
        } finally {
            WITNESSES.set(1, startWitness(1, portB));
            WITNESSES.set(2, startWitness(2, portC));
        }
        // With the witnesses back, publication resumes from where each left off.
        Checkpoint resumed = awaitPublished(recordedSoFar());
        assertThat(resumed.size()).isGreaterThan(before.size());

        // A forked log: the hub's own key signs a different root for the size the witnesses cosigned (409), or a larger
        // tree whose consistency proof from that size cannot verify (422). Every witness refuses both.
        Checkpoint cosigned = awaitPublished(recordedSoFar());
        byte[] otherRoot = HashFunction.SHA256.hash("forked".getBytes(StandardCharsets.UTF_8));
        var hubKey = List.of(NoteKeys.signer(HUB_KEY.signerKey()));
        String sameSize = Note.sign(new Checkpoint(ORIGIN, cosigned.size(), otherRoot, List.of()).text(), hubKey);
        String larger = Note.sign(new Checkpoint(ORIGIN, cosigned.size() + 1, otherRoot, List.of()).text(), hubKey);
        // Every witness has seen the published size (a straggler may answer after publication).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jdbc.queryForObject("select min(cosigned_size) from ledger_witness", Long.class) < cosigned.size()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (WitnessServer witness : WITNESSES) {
            WitnessClient client = new WitnessClient(URI.create("http://127.0.0.1:" + witness.port()), http, Duration.ofSeconds(2));
            assertThat(client.addCheckpoint(cosigned.size(), List.of(), sameSize)).as("same size, other root, port " + witness.port())
                    .isInstanceOfSatisfying(AddResult.Refused.class, refused -> assertThat(refused.status()).isEqualTo(409));
            assertThat(client.addCheckpoint(cosigned.size(), List.of(otherRoot), larger)).as("larger tree, bad proof, port " + witness.port())
                    .isInstanceOfSatisfying(AddResult.Refused.class, refused -> assertThat(refused.status()).isEqualTo(422));
        }
    }

    @Test
    void ledgerVerifyCatchesAnEditedEntryAnEditedTileAndAnEditedCheckpoint(@org.junit.jupiter.api.io.TempDir Path work) throws Exception {
        String[] source = hub.newSource("VERIFY");
        hub.postJson(source[1], bundle("v1", residentId()));
        Checkpoint published = awaitPublished(recordedSoFar());
        Path log = work.resolve("log");
        copyLog(log);
        // The first tile and bundle as this checkpoint reads them: full, or partial of the checkpoint's width.
        int width = (int) Math.min(Checkpoint.parse(Note.open(Files.readString(log.resolve("checkpoint")),
                List.of(NoteKeys.verifier(HUB_KEY.verifierKey()))).text()).size(), 256);
        assertThat(published.size()).isGreaterThan(5);
        List<String> verify = new ArrayList<>(List.of("ledger", "verify", "--dir", log.toString(), "--key", HUB_KEY.verifierKey(),
                "--quorum", "2"));
        WITNESS_KEYS.forEach(key -> verify.addAll(List.of("--witness", key.verifierKey())));

        Path trust = work.resolve("trusted");
        CliRun clean = CliRun.run(with(verify, "--trust", trust.toString()));
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(clean.out()).startsWith("ok: " + ORIGIN);

        // One byte of the third entry in the first entry bundle.
        Path bundle = log.resolve(org.cityhealth.ledger.tiles.TileRef.entriesPath(0, width));
        byte[] original = Files.readAllBytes(bundle);
        int offset = 0;
        for (int i = 0; i < 2; i++) {
            offset += 2 + (((original[offset] & 0xff) << 8) | (original[offset + 1] & 0xff));
        }
        flip(bundle, offset + 2 + 5);
        CliRun entry = CliRun.run(with(verify, "--trust", work.resolve("t1").toString()));
        assertThat(entry.exit()).isEqualTo(1);
        assertThat(entry.err()).contains("ledger verify failed: entry 2:");
        Files.write(bundle, original);

        // One byte of the stored hash of leaf 5 in the first level-0 tile.
        Path tile = log.resolve(org.cityhealth.ledger.tiles.TileRef.tilePath(0, 0, width));
        byte[] tileBytes = Files.readAllBytes(tile);
        flip(tile, 5 * 32 + 7);
        CliRun tiled = CliRun.run(with(verify, "--trust", work.resolve("t2").toString()));
        assertThat(tiled.exit()).isEqualTo(1);
        assertThat(tiled.err()).contains("ledger verify failed: entry 5:");
        Files.write(tile, tileBytes);

        // The checkpoint's root line changed: its signature no longer verifies.
        Path checkpoint = log.resolve("checkpoint");
        String signed = Files.readString(checkpoint);
        String[] lines = signed.split("\n", -1);
        byte[] root = Base64.getDecoder().decode(lines[2]);
        root[0] ^= 1;
        lines[2] = Base64.getEncoder().encodeToString(root);
        Files.writeString(checkpoint, String.join("\n", lines));
        CliRun forged = CliRun.run(with(verify, "--trust", work.resolve("t3").toString()));
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.err()).contains("ledger verify failed: checkpoint:");
        Files.writeString(checkpoint, signed);

        // The log grows; the next run proves the new checkpoint extends the trusted one. An older checkpoint is a rollback.
        hub.postJson(source[1], bundle("v2", residentId()));
        awaitPublished(recordedSoFar());
        Path grown = work.resolve("grown");
        copyLog(grown);
        List<String> verifyGrown = new ArrayList<>(verify);
        verifyGrown.set(3, grown.toString());
        CliRun extended = CliRun.run(with(verifyGrown, "--trust", trust.toString()));
        assertThat(extended.exit()).as(extended.err()).isZero();
        assertThat(extended.out()).contains("consistent with the previously trusted checkpoint");
        CliRun rolledBack = CliRun.run(with(verify, "--trust", trust.toString()));
        assertThat(rolledBack.exit()).isEqualTo(1);
        assertThat(rolledBack.err()).contains("rolled back");
    }

    /** The checkpoint first, then the tiles: tiles are never older than the checkpoint that names them. */
    private static void copyLog(Path target) throws IOException {
        Path source = dataDirectory.resolve("objects/ledger");
        Files.createDirectories(target);
        Files.copy(source.resolve("checkpoint"), target.resolve("checkpoint"));
        try (var files = Files.walk(source.resolve("tile"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy);
            }
        }
    }

    private static void flip(Path file, int offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 0x20;
        Files.write(file, bytes);
    }

    private static String[] with(List<String> arguments, String... more) {
        List<String> all = new ArrayList<>(arguments);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
