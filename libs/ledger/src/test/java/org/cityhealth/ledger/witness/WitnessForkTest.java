package org.cityhealth.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteException;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteSignature;
import org.cityhealth.ledger.note.NoteVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three hospitals witness the hub's log. The hub (same origin, same key) then presents a
 * forked history; every witness refuses it, so no client requiring cosignatures accepts it,
 * while the honest continuation is still cosigned by all three.
 */
class WitnessForkTest {

    private static final int N = 10;

    @TempDir
    Path tempDir;

    private final TestLog honest = TestLog.create("hub.example.cn/ledger", KeyType.ED25519, HashFunction.SHA256, 16);
    /** Agrees on the first 6 entries, then rewrites entries 6..9 and appends others. */
    private final TestLog fork = honest.fork(6, 14);
    private final List<WitnessServer> servers = new ArrayList<>();
    private final List<WitnessClient> clients = new ArrayList<>();
    private final List<NoteVerifier> cosigners = new ArrayList<>();

    @BeforeEach
    void startThreeWitnesses() throws IOException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 1; i <= 3; i++) {
            NoteKeyPair key = NoteKeys.generate("witness.hospital-" + i + ".example.cn", KeyType.ED25519);
            Witness witness = new Witness(key.signerKey(), Clock.systemUTC(), Map.of(honest.origin, List.of(honest.verifier)),
                    new FileWitnessState(tempDir.resolve("w" + i)));
            WitnessServer server = WitnessServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), witness);
            servers.add(server);
            clients.add(new WitnessClient(URI.create("http://127.0.0.1:" + server.port() + "/"), http, Duration.ofSeconds(10)));
            cosigners.add(NoteKeys.cosignatureVerifier(witness.verifierKey()));
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(WitnessServer::close);
    }

    @Test
    void forkIsRefusedByEveryWitnessAndHonestContinuationIsCosigned() throws NoteException {
        String atN = collectCosignatures(0, List.of(), honest.checkpoint(N));
        assertThat(witnessCount(atN)).isEqualTo(3);

        // A different tree of the same size N.
        assertThat(fork.root(N)).isNotEqualTo(honest.root(N));
        for (WitnessClient client : clients) {
            assertThat(client.addCheckpoint(N, List.of(), fork.checkpoint(N)))
                    .isInstanceOfSatisfying(AddResult.Refused.class, r -> assertThat(r.status()).isEqualTo(409));
        }
        // A bigger forked tree, with a proof from the fork's own size-N tree: valid for the
        // fork, but not from the root the witnesses recorded.
        for (WitnessClient client : clients) {
            assertThat(client.addCheckpoint(N, fork.proof(N, 14), fork.checkpoint(14)))
                    .isInstanceOfSatisfying(AddResult.Refused.class, r -> assertThat(r.status()).isEqualTo(422));
        }
        // Pretending the witness has seen nothing only earns the recorded size.
        for (WitnessClient client : clients) {
            assertThat(client.addCheckpoint(0, List.of(), fork.checkpoint(14))).isEqualTo(new AddResult.Conflict(N));
        }
        // From before the fork point: the sizes do not match what the witnesses recorded.
        for (WitnessClient client : clients) {
            assertThat(client.addCheckpoint(5, fork.proof(5, 14), fork.checkpoint(14))).isEqualTo(new AddResult.Conflict(N));
        }
        String forked = fork.checkpoint(14);
        assertThat(witnessCount(forked)).isZero();

        // The honest log goes on and all three still cosign it.
        String at16 = collectCosignatures(N, honest.proof(N, 16), honest.checkpoint(16));
        assertThat(witnessCount(at16)).isEqualTo(3);
    }

    /** Submits to every witness and merges the cosignatures returned into the checkpoint. */
    private String collectCosignatures(long oldSize, List<byte[]> proof, String checkpoint) {
        List<String> lines = new ArrayList<>();
        for (WitnessClient client : clients) {
            AddResult result = client.addCheckpoint(oldSize, proof, checkpoint);
            assertThat(result).as("%s", client).isInstanceOf(AddResult.Cosigned.class);
            lines.addAll(((AddResult.Cosigned) result).signatureLines());
        }
        return Note.addSignatures(checkpoint, lines);
    }

    /** How many distinct witnesses validly cosigned the log-signed checkpoint. */
    private int witnessCount(String signedCheckpoint) throws NoteException {
        List<NoteVerifier> known = new ArrayList<>(cosigners);
        known.add(honest.verifier);
        Note note = Note.open(signedCheckpoint, known);
        return note.verified().stream()
                .filter(sig -> !sig.name().equals(honest.origin))
                .map(NoteSignature::name)
                .collect(Collectors.toSet())
                .size();
    }
}
