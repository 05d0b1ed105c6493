package org.cityhealth.ledger.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.cityhealth.ledger.HashFunction;
import org.cityhealth.ledger.tiles.LogState;
import org.cityhealth.ledger.tiles.MemoryTileStorage;
import org.cityhealth.ledger.tiles.TiledLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TiledLog#append} throughput into {@link MemoryTileStorage}, in ENTRIES per second (each
 * method declares its batch size as operations per invocation), for entries of about 400 bytes
 * (a consent or access event with its signature).
 *
 * <p>Small batches are dominated by rewriting the partial bundle and tiles after every append,
 * which is inherent to the format: a log should batch, e.g. by sequencing for a few hundred
 * milliseconds, as Sunlight and Tessera do.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// A fixed, pre-touched heap: otherwise the first seconds measure the JVM growing its heap (page
// faults on fresh memory), which swung small-batch appends between 2k and 100k per second.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class TiledLogAppendBenchmark {

    private List<byte[]> one;
    private List<byte[]> sixtyFour;
    private List<byte[]> thousand;
    private TiledLog log;
    private LogState state;

    @Setup(Level.Trial)
    public void entries() {
        Random random = new Random(400);
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            byte[] entry = new byte[350 + random.nextInt(100)];
            random.nextBytes(entry);
            entries.add(entry);
        }
        one = entries.subList(0, 1);
        sixtyFour = entries.subList(0, 64);
        thousand = entries;
    }

    /** A fresh log per iteration, so the heap holds at most one iteration's worth of bundles. */
    @Setup(Level.Iteration)
    public void emptyLog() {
        log = new TiledLog(HashFunction.SHA256, new MemoryTileStorage());
        state = LogState.empty(HashFunction.SHA256);
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public LogState batchOf1() throws IOException {
        return state = log.append(state, one);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public LogState batchOf64() throws IOException {
        return state = log.append(state, sixtyFour);
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public LogState batchOf1024() throws IOException {
        return state = log.append(state, thousand);
    }
}
