package org.cityhealth.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-backed witness state: compare-and-set, durability across restarts, corruption. */
class FileWitnessStateTest {

    @TempDir
    Path dir;

    private final TestLog log = TestLog.create("hub.example.cn/../ledger \u65e5\u5fd7", KeyType.ED25519, HashFunction.SHA256, 32);

    @Test
    void compareAndSetFollowsTheRecordedSize() throws IOException {
        FileWitnessState state = new FileWitnessState(dir);
        assertThat(state.latest(log.origin)).isEmpty();

        assertThat(state.compareAndSet(log.origin, 3, stored(5))).isFalse();
        assertThat(state.compareAndSet(log.origin, 0, stored(5))).isTrue();
        assertThat(state.latest(log.origin)).contains(stored(5));
        assertThat(state.compareAndSet(log.origin, 0, stored(7))).isFalse();
        assertThat(state.compareAndSet(log.origin, 5, stored(7))).isTrue();
        assertThat(state.latest(log.origin)).contains(stored(7));
        assertThat(state.latest("other.example/log")).isEmpty();
    }

    @Test
    void storedRecordMustDescribeItsCheckpoint() throws IOException {
        FileWitnessState state = new FileWitnessState(dir);
        WitnessState.Stored wrongSize = new WitnessState.Stored(6, log.root(5), log.checkpoint(5));
        WitnessState.Stored wrongRoot = new WitnessState.Stored(5, log.root(6), log.checkpoint(5));
        assertThatThrownBy(() -> state.compareAndSet(log.origin, 0, wrongSize)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.compareAndSet(log.origin, 0, wrongRoot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> state.compareAndSet("other.example/log", 0, stored(5))).isInstanceOf(IllegalArgumentException.class);
        assertThat(state.latest(log.origin)).isEmpty();
    }

    @Test
    void recordSurvivesANewInstanceAndLeavesNoTemporaryFiles() throws IOException {
        new FileWitnessState(dir).compareAndSet(log.origin, 0, stored(9));

        FileWitnessState reopened = new FileWitnessState(dir);

        assertThat(reopened.latest(log.origin)).contains(stored(9));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(".lock")))
                    .singleElement().asString().matches("[0-9a-f]{64}\\.checkpoint");
        }
    }

    @Test
    void concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
        FileWitnessState first = new FileWitnessState(dir);
        first.compareAndSet(log.origin, 0, stored(4));
        FileWitnessState second = new FileWitnessState(dir);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int size = 5; size < 21; size++) {
                int next = size;
                FileWitnessState state = size % 2 == 0 ? first : second;
                Callable<Boolean> task = () -> {
                    start.await();
                    return state.compareAndSet(log.origin, 4, stored(next));
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(first.latest(log.origin).orElseThrow().size()).isBetween(5L, 20L);
    }

    @Test
    void corruptRecordIsReportedAndTheWitnessAnswers500() throws IOException {
        FileWitnessState state = new FileWitnessState(dir);
        state.compareAndSet(log.origin, 0, stored(5));
        Path file;
        try (Stream<Path> files = Files.list(dir)) {
            file = files.filter(p -> p.toString().endsWith(".checkpoint")).findFirst().orElseThrow();
        }
        Files.writeString(file, "garbage", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> state.latest(log.origin)).isInstanceOf(IOException.class).hasMessageContaining("corrupt");

        NoteKeyPair key = NoteKeys.generate("witness.example", KeyType.ED25519);
        Witness witness = new Witness(key.signerKey(), Clock.systemUTC(), Map.of(log.origin, List.of(log.verifier)), state);
        WitnessResponse response = witness.addCheckpoint(log.request(5, 8));
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.body()).contains("witness state unavailable");
    }

    private WitnessState.Stored stored(int size) {
        return new WitnessState.Stored(size, log.root(size), log.checkpoint(size));
    }
}
