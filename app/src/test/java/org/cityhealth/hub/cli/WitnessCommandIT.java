package org.cityhealth.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.MerkleHasher;
import org.cityhealth.ledger.note.Checkpoint;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.Note;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.witness.AddResult;
import org.cityhealth.ledger.witness.WitnessClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./cityhealth witness} as the separate process a hospital runs: its own key, its own state, the C2SP protocol. */
class WitnessCommandIT {

    @Test
    void aWitnessProcessCosignsTheLogItKnowsAndRefusesARollback(@TempDir Path dir) throws Exception {
        NoteKeyPair log = NoteKeys.generate("hub.example/ledger", KeyType.ED25519);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process witness = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "org.cityhealth.hub.cli.CityHealthCli",
                "witness", "--dir", dir.toString(), "--name", "hospital-a.example/witness", "--port", Integer.toString(port),
                "--log", log.verifierKey()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(witness.getInputStream(), StandardCharsets.UTF_8));
            String vkey = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.strip().startsWith("verifier key: ")) {
                    vkey = line.strip().substring("verifier key: ".length());
                    break;
                }
            }
            assertThat(vkey).startsWith("hospital-a.example/witness+");

            MerkleHasher hasher = new MerkleHasher(HashFunction.SHA256);
            List<byte[]> leaves = List.of(hasher.leafHash(new byte[] {1}), hasher.leafHash(new byte[] {2}), hasher.leafHash(new byte[] {3}));
            WitnessClient client = new WitnessClient(URI.create("http://127.0.0.1:" + port), HttpClient.newHttpClient(), Duration.ofSeconds(5));
            String two = Note.sign(new Checkpoint("hub.example/ledger", 2, hasher.rootHash(leaves.subList(0, 2)), List.of()).text(),
                    List.of(NoteKeys.signer(log.signerKey())));
            AddResult first = client.addCheckpoint(0, List.of(), two);
            assertThat(first).isInstanceOf(AddResult.Cosigned.class);
            Note cosigned = Note.open(Note.addSignatures(two, ((AddResult.Cosigned) first).signatureLines()),
                    List.of(NoteKeys.cosignatureVerifier(vkey)));
            assertThat(cosigned.verified()).hasSize(1);

            String three = Note.sign(new Checkpoint("hub.example/ledger", 3, hasher.rootHash(leaves), List.of()).text(),
                    List.of(NoteKeys.signer(log.signerKey())));
            assertThat(client.addCheckpoint(2, hasher.consistencyProof(2, leaves), three)).isInstanceOf(AddResult.Cosigned.class);
            AddResult rollback = client.addCheckpoint(0, List.of(), two);
            assertThat(rollback).isEqualTo(new AddResult.Conflict(3));
        } finally {
            witness.destroy();
            witness.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
