package org.cityhealth.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.note.NoteVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restarted witness remembers what it cosigned, so a log cannot start over with it. */
class WitnessRestartTest {

    @TempDir
    Path dir;

    @Test
    void stateSurvivesRestart() throws IOException {
        NoteKeyPair key = NoteKeys.generate("witness.example/restart", KeyType.ED25519);
        TestLog log = TestLog.create("hub.example.cn/ledger", KeyType.ED25519, HashFunction.SHA256, 20);
        TestLog fork = log.fork(4, 20);
        Map<String, List<NoteVerifier>> logs = Map.of(log.origin, List.of(log.verifier));

        Witness before = new Witness(key.signerKey(), Clock.systemUTC(), logs, new FileWitnessState(dir));
        assertThat(before.addCheckpoint(log.request(0, 10))).isInstanceOf(WitnessResponse.Cosigned.class);

        Witness after = new Witness(key.signerKey(), Clock.systemUTC(), logs, new FileWitnessState(dir));
        assertThat(after.addCheckpoint(fork.request(0, 12))).isEqualTo(new WitnessResponse.Conflict(10));
        assertThat(after.addCheckpoint(fork.request(10, 12)).status()).isEqualTo(422);
        assertThat(after.addCheckpoint(log.request(10, 15))).isInstanceOf(WitnessResponse.Cosigned.class);
        assertThat(new FileWitnessState(dir).latest(log.origin)).get()
                .extracting(WitnessState.Stored::size).isEqualTo(15L);
    }
}
