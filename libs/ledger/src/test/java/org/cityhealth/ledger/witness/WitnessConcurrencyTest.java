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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many add-checkpoint requests at once, from an honest log and from a fork of it: the recorded
 * size never goes backwards, and the witness never cosigns both sides of the fork.
 */
class WitnessConcurrencyTest {

    /**
     * The witness starts below the fork point, so the first requests of both branches are
     * each consistent with what it recorded: only the atomic check-and-record stops it from
     * cosigning both.
     */
    private static final int INITIAL = 4;
    private static final int FORK_POINT = 8;
    private static final int LOG_SIZE = 64;

    @TempDir
    Path stateDir;

    private final NoteKeyPair witnessKey = NoteKeys.generate("witness.example/concurrent", KeyType.ED25519);
    private final TestLog honest = TestLog.create("hub.example.cn/ledger", KeyType.ED25519, HashFunction.SHA256, LOG_SIZE);
    private final TestLog fork = honest.fork(FORK_POINT, LOG_SIZE);

    private record Accepted(int size, boolean forked) {}

    @Test
    void concurrentSubmissionsThroughHttpNeverRollBackOrSplit() throws Exception {
        FileWitnessState state = new FileWitnessState(stateDir);
        Witness witness = witness(state);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (WitnessServer server = WitnessServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), witness)) {
            WitnessClient client = new WitnessClient(URI.create("http://127.0.0.1:" + server.port()), http, Duration.ofSeconds(30));
            assertThat(client.addCheckpoint(0, List.of(), honest.checkpoint(INITIAL))).isInstanceOf(AddResult.Cosigned.class);

            List<Accepted> accepted = runConcurrently(40, 16, state, (random, forked) -> submitUntilDone(
                    (old, size) -> client.addCheckpoint(old, log(forked).proof(old, size), log(forked).checkpoint(size)),
                    random, forked));

            assertNoSplitAndFinalStateMatches(accepted, state);
        }
    }

    /**
     * Two witness instances on one state directory, as two processes would be: each checks
     * outside the other's lock, so only the state's compare-and-set keeps them from rolling
     * each other back. The honest log talks to one instance and the fork to the other, so
     * every race between them is a race between the two branches.
     */
    @Test
    void twoWitnessInstancesSharingStateNeverCosignBothBranches() throws Exception {
        for (int round = 0; round < 8; round++) {
            Path dir = stateDir.resolve("round-" + round);
            FileWitnessState stateA = new FileWitnessState(dir);
            Witness honestSide = witness(new SlowReads(stateA));
            Witness forkSide = witness(new SlowReads(new FileWitnessState(dir)));
            assertThat(honestSide.addCheckpoint(honest.request(0, INITIAL))).isInstanceOf(WitnessResponse.Cosigned.class);

            List<Accepted> accepted = runConcurrently(16, 16, stateA, (random, forked) -> {
                Witness witness = forked ? forkSide : honestSide;
                return submitUntilDone((old, size) -> toResult(witness.addCheckpoint(log(forked).request(old, size))),
                        random, forked);
            });

            assertNoSplitAndFinalStateMatches(accepted, stateA);
        }
    }

    private interface Submit {
        AddResult submit(int oldSize, int size);
    }

    private interface Task {
        Accepted run(Random random, boolean forked) throws Exception;
    }

    /**
     * One log operator: aims for a random size of its branch, starts from a possibly stale
     * old size and follows the witness's 409 answers, as a real log does.
     */
    private Accepted submitUntilDone(Submit submit, Random random, boolean forked) {
        int target = FORK_POINT + 1 + random.nextInt(LOG_SIZE - FORK_POINT);
        int old = INITIAL;
        for (int attempt = 0; attempt < 20; attempt++) {
            AddResult result = submit.submit(old, target);
            if (result instanceof AddResult.Cosigned) {
                return new Accepted(target, forked);
            }
            if (result instanceof AddResult.Conflict(long witnessSize) && witnessSize < target) {
                old = (int) witnessSize;
                continue;
            }
            return null; // refused (other branch, or already past the target)
        }
        throw new AssertionError("no final answer after 20 attempts");
    }

    private List<Accepted> runConcurrently(int tasks, int threads, WitnessState state, Task task) throws Exception {
        List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        List<Long> observed = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean done = new AtomicBoolean();
        Thread monitor = new Thread(() -> {
            while (!done.get()) {
                try {
                    state.latest(honest.origin).ifPresent(stored -> observed.add(stored.size()));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        });
        monitor.start();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Accepted>> futures = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                Random random = new Random(i);
                boolean forked = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.run(random, forked);
                }));
            }
            start.countDown();
            for (Future<Accepted> future : futures) {
                Accepted result = future.get(60, TimeUnit.SECONDS);
                if (result != null) {
                    accepted.add(result);
                }
            }
        } finally {
            pool.shutdownNow();
            done.set(true);
            monitor.join();
        }
        assertThat(observed).as("recorded sizes over time").isSorted().isNotEmpty();
        return accepted;
    }

    private void assertNoSplitAndFinalStateMatches(List<Accepted> accepted, WitnessState state) throws IOException {
        assertThat(accepted).isNotEmpty();
        // Every cosigned checkpoint beyond the fork point is of one branch: the witness never
        // vouched for two inconsistent trees.
        assertThat(accepted.stream().map(Accepted::forked).distinct()).hasSize(1);
        boolean forked = accepted.get(0).forked();
        int largest = accepted.stream().mapToInt(Accepted::size).max().orElseThrow();
        WitnessState.Stored stored = state.latest(honest.origin).orElseThrow();
        assertThat(stored.size()).isEqualTo(largest);
        assertThat(stored.rootHash()).isEqualTo(log(forked).root(largest));
    }

    /**
     * The real file state with reads slowed down, as on a busy disk: it widens the window
     * between a witness's check and its update, so that the two instances really do race.
     */
    private record SlowReads(WitnessState files) implements WitnessState {
        @Override
        public Optional<Stored> latest(String origin) throws IOException {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return files.latest(origin);
        }

        @Override
        public boolean compareAndSet(String origin, long expectedSize, Stored next) throws IOException {
            return files.compareAndSet(origin, expectedSize, next);
        }
    }

    private TestLog log(boolean forked) {
        return forked ? fork : honest;
    }

    private Witness witness(WitnessState state) {
        return new Witness(witnessKey.signerKey(), Clock.systemUTC(), Map.of(honest.origin, List.of(honest.verifier)), state);
    }

    /** The client's view of a core response, for driving a {@link Witness} without HTTP. */
    private static AddResult toResult(WitnessResponse response) {
        return switch (response) {
            case WitnessResponse.Cosigned c -> new AddResult.Cosigned(c.signatureLines());
            case WitnessResponse.Conflict c -> new AddResult.Conflict(c.recordedSize());
            default -> new AddResult.Refused(response.status(), response.body());
        };
    }
}
