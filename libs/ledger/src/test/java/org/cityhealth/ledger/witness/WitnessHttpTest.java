package org.cityhealth.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every status of the add-checkpoint section of c2sp.org/tlog-witness, through a real
 * {@link WitnessServer} on an ephemeral port and a {@link WitnessClient}.
 */
class WitnessHttpTest {

    private static final Instant NOW = Instant.parse("2025-06-01T08:00:00Z");

    @TempDir
    Path stateDir;

    private final NoteKeyPair witnessKey = NoteKeys.generate("witness.hospital-3.example.cn", KeyType.ED25519);
    private final TestLog log = TestLog.create("hub.example.cn/ledger", KeyType.ED25519, HashFunction.SHA256, 20);
    private final TestLog sm3Log = TestLog.create("hub.example.cn/sm-ledger", KeyType.SM2, HashFunction.SM3, 20);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WitnessServer server;
    private WitnessClient client;
    private FileWitnessState state;

    @BeforeEach
    void start() throws IOException {
        state = new FileWitnessState(stateDir);
        Witness witness = new Witness(witnessKey.signerKey(), Clock.fixed(NOW, ZoneOffset.UTC),
                Map.of(log.origin, List.of(log.verifier), sm3Log.origin, List.of(sm3Log.verifier)),
                Map.of(sm3Log.origin, HashFunction.SM3), state);
        server = WitnessServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), witness);
        client = new WitnessClient(URI.create("http://127.0.0.1:" + server.port()), http, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void firstCheckpointIsCosignedAndTheCosignatureVerifies() throws Exception {
        AddResult result = client.addCheckpoint(0, List.of(), log.checkpoint(5));

        assertThat(result).isInstanceOf(AddResult.Cosigned.class);
        List<String> lines = ((AddResult.Cosigned) result).signatureLines();
        assertThat(lines).singleElement().asString().startsWith("\u2014 witness.hospital-3.example.cn ");
        Note note = Note.open(Note.addSignatures(log.checkpoint(5), lines),
                List.of(log.verifier, NoteKeys.cosignatureVerifier(witnessKey.verifierKey())));
        assertThat(note.verified()).hasSize(2);
        // The cosignature carries the witness clock's time.
        NoteSignature cosignature = NoteSignature.parseLine(lines.get(0));
        assertThat(ByteBuffer.wrap(cosignature.signature()).getLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(state.latest(log.origin)).get().extracting(WitnessState.Stored::size).isEqualTo(5L);
    }

    @Test
    void statusTable() throws Exception {
        assertThat(client.addCheckpoint(0, List.of(), log.checkpoint(5))).isInstanceOf(AddResult.Cosigned.class);

        // 404: origin not configured.
        TestLog stranger = TestLog.create("elsewhere.example/log", KeyType.ED25519, HashFunction.SHA256, 3);
        assertRefused(client.addCheckpoint(0, List.of(), stranger.checkpoint(3)), 404, "unknown log origin");

        // 403: right origin, signed by another key of the same name.
        TestLog impostor = TestLog.create(log.origin, KeyType.ED25519, HashFunction.SHA256, 20);
        assertRefused(client.addCheckpoint(5, impostor.proof(5, 8), impostor.checkpoint(8)), 403, "none by a known key");
        // 403: known key, but the signature does not verify (text changed after signing).
        String forged = log.checkpoint(8).replaceFirst("\n8\n", "\n9\n");
        assertRefused(client.addCheckpoint(5, log.proof(5, 9), forged), 403, "does not verify");

        // 400: old size above the checkpoint size; malformed checkpoint; wrong root length.
        assertRefused(client.addCheckpoint(9, List.of(), log.checkpoint(8)), 400, "larger than the checkpoint size");
        String notACheckpoint = Note.sign("hub.example.cn/ledger\nfive\nAAAA\n", List.of(log.signer));
        assertRefused(client.addCheckpoint(5, List.of(), notACheckpoint), 400, "tree size");
        String shortRoot = Note.sign(new Checkpoint(log.origin, 8, new byte[31]).text(), List.of(log.signer));
        assertRefused(client.addCheckpoint(5, log.proof(5, 8), shortRoot), 400, "31 bytes");

        // 409 with the recorded size, as text/x.tlog.size.
        assertThat(client.addCheckpoint(0, List.of(), log.checkpoint(8))).isEqualTo(new AddResult.Conflict(5));
        assertThat(client.addCheckpoint(3, log.proof(3, 8), log.checkpoint(8))).isEqualTo(new AddResult.Conflict(5));

        // 409 without a size: same size, different root.
        TestLog fork = log.fork(3, 20);
        assertRefused(client.addCheckpoint(5, List.of(), fork.checkpoint(5)), 409, "different root hash");

        // 422: the proof does not verify (tampered, truncated, missing, from a fork).
        List<byte[]> tampered = new ArrayList<>(log.proof(5, 9));
        tampered.set(0, tampered.get(0).clone());
        tampered.get(0)[7] ^= 1;
        assertRefused(client.addCheckpoint(5, tampered, log.checkpoint(9)), 422, "does not verify");
        assertRefused(client.addCheckpoint(5, log.proof(5, 9).subList(1, log.proof(5, 9).size()), log.checkpoint(9)),
                422, "does not verify");
        assertRefused(client.addCheckpoint(5, List.of(), log.checkpoint(9)), 422, "does not verify");
        assertRefused(client.addCheckpoint(5, fork.proof(5, 9), fork.checkpoint(9)), 422, "does not verify");
        assertRefused(client.addCheckpoint(5, log.proof(4, 5), log.checkpoint(5)), 422, "must be empty");

        // Nothing above changed the record.
        assertThat(state.latest(log.origin)).get().extracting(WitnessState.Stored::size).isEqualTo(5L);

        // 200: a consistent extension, then the same checkpoint again (a witness re-cosigns).
        assertThat(client.addCheckpoint(5, log.proof(5, 9), log.checkpoint(9))).isInstanceOf(AddResult.Cosigned.class);
        assertThat(client.addCheckpoint(9, List.of(), log.checkpoint(9))).isInstanceOf(AddResult.Cosigned.class);
        assertThat(state.latest(log.origin)).get().satisfies(stored -> {
            assertThat(stored.size()).isEqualTo(9L);
            assertThat(stored.rootHash()).isEqualTo(log.root(9));
            assertThat(stored.signedCheckpoint()).isEqualTo(log.checkpoint(9));
        });
    }

    @Test
    void sm3LogWithSm2KeyIsWitnessed() throws Exception {
        // 422: a new log's old size is 0, and then the proof must be empty.
        assertRefused(client.addCheckpoint(0, sm3Log.proof(4, 7), sm3Log.checkpoint(7)), 422, "must be empty");
        assertThat(client.addCheckpoint(0, List.of(), sm3Log.checkpoint(7))).isInstanceOf(AddResult.Cosigned.class);

        // The same tree shape hashed with SHA-256 gives a proof that does not verify under SM3.
        TestLog sha256Twin = TestLog.create(sm3Log.origin, KeyType.ED25519, HashFunction.SHA256, 20);
        assertRefused(client.addCheckpoint(7, sha256Twin.proof(7, 12), sm3Log.checkpoint(12)), 422, "does not verify");
        assertThat(client.addCheckpoint(7, sm3Log.proof(7, 12), sm3Log.checkpoint(12))).isInstanceOf(AddResult.Cosigned.class);
    }

    @Test
    void emptyTreeCheckpointMustHaveTheEmptyRoot() {
        assertThat(client.addCheckpoint(0, List.of(), log.checkpoint(0))).isInstanceOf(AddResult.Cosigned.class);
        String bogus = Note.sign(new Checkpoint(log.origin, 0, log.root(3)).text(), List.of(log.signer));
        assertRefused(client.addCheckpoint(0, List.of(), bogus), 409, "different root hash");
    }

    @Test
    void conflictResponseHasTheSpecifiedContentTypeAndBody() throws Exception {
        client.addCheckpoint(0, List.of(), log.checkpoint(5));

        HttpResponse<String> response = post("/add-checkpoint", log.request(0, 8));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
        assertThat(response.body()).isEqualTo("5\n");
    }

    @Test
    void successBodyIsSignatureLinesEachEndingInNewline() throws Exception {
        HttpResponse<String> response = post("/add-checkpoint", log.request(0, 5));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("\u2014 ").endsWith("\n").hasLineCount(1);
    }

    @Test
    void httpLevelErrors() throws Exception {
        assertThat(post("/add-checkpoint", "old 0\n".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(400);
        assertThat(post("/other", log.request(0, 5)).statusCode()).isEqualTo(404);
        assertThat(post("/add-checkpoint/", log.request(0, 5)).statusCode()).isEqualTo(404);

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri("/add-checkpoint")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");

        byte[] huge = new byte[WitnessServer.MAX_BODY_BYTES + 1];
        assertThat(post("/add-checkpoint", huge).statusCode()).isEqualTo(413);
        assertThat(post("/add-checkpoint", new byte[WitnessServer.MAX_BODY_BYTES]).statusCode()).isEqualTo(400);
    }

    @Test
    void clientReportsUnreachableWitnessesWithoutThrowing() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WitnessClient nowhere = new WitnessClient(URI.create("http://127.0.0.1:" + closedPort + "/"), http, Duration.ofSeconds(5));
        assertThat(nowhere.addCheckpoint(0, List.of(), log.checkpoint(5))).isInstanceOf(AddResult.Unreachable.class);

        for (String bad : List.of("ftp://w.example/", "w.example/add", "/relative")) {
            assertThatThrownBy(() -> new WitnessClient(URI.create(bad), http, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** A misbehaving witness: a plain HTTP server that answers what each case says. */
    @Test
    void clientRejectsMalformedAnswers() throws IOException {
        record Answer(int status, String contentType, String body) {}
        List<Answer> answers = List.of(
                new Answer(200, "text/plain", "not a signature line\n"),
                new Answer(200, "text/plain", ""),
                new Answer(200, "text/plain", "\u2014 w AAAAAAA="),
                new Answer(409, "text/x.tlog.size", "abc\n"),
                new Answer(409, "text/x.tlog.size", "07\n"),
                new Answer(409, "text/x.tlog.size; charset=utf-8", "7\n"),
                new Answer(409, "text/plain", "fork detected\n"),
                new Answer(500, "text/plain", "disk\u0000full\r\n"),
                new Answer(200, "text/plain", "x".repeat(70_000)));
        List<AddResult> expected = List.of(
                new AddResult.Refused(200, "malformed cosignature line: signature line does not start with an em dash and a space"),
                new AddResult.Refused(200, "cosignature response is empty or does not end with a newline"),
                new AddResult.Refused(200, "cosignature response is empty or does not end with a newline"),
                new AddResult.Refused(409, "409 with an unreadable size body"),
                new AddResult.Refused(409, "409 with an unreadable size body"),
                new AddResult.Conflict(7),
                new AddResult.Refused(409, "fork detected"),
                new AddResult.Refused(500, "disk full"),
                new AddResult.Refused(200, "response is larger than 65536 bytes"));
        AtomicInteger next = new AtomicInteger();
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/w/add-checkpoint", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Answer answer = answers.get(next.getAndIncrement());
                byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        });
        fake.start();
        try {
            WitnessClient liarClient = new WitnessClient(
                    URI.create("http://127.0.0.1:" + fake.getAddress().getPort() + "/w"), http, Duration.ofSeconds(10));
            for (AddResult want : expected) {
                assertThat(liarClient.addCheckpoint(0, List.of(), log.checkpoint(5))).isEqualTo(want);
            }
        } finally {
            fake.stop(0);
        }
    }

    private static void assertRefused(AddResult result, int status, String messagePart) {
        assertThat(result).isInstanceOfSatisfying(AddResult.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(status);
            assertThat(refused.message()).contains(messagePart);
        });
    }

    private HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
