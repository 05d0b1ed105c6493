package org.cityhealth.hub.cli;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cityhealth.hub.ledger.Ledger;
import org.cityhealth.hub.ledger.LedgerEvent;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.ledger.note.KeyType;
import org.cityhealth.ledger.note.NoteKeyPair;
import org.cityhealth.ledger.note.NoteKeys;
import org.cityhealth.ledger.witness.FileWitnessState;
import org.cityhealth.ledger.witness.Witness;
import org.cityhealth.ledger.witness.WitnessServer;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.CitySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ledger end to end: durable appends per second (each its own committed transaction, as a read's entry is), the
 * delay from recording to a published checkpoint, and the ledger's cost on ingest (the same city loaded with and
 * without recording, in one run).
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Durable ledger appends/s, append→published checkpoint p50/p99, and the ledger's overhead on ingest.")
class BenchLedger implements Callable<Integer> {

    private static final String ORIGIN = "bench.cityhealth.local/ledger";
    /** The first rounds open connections and compile code; they are not what the hub does all day. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    @Option(names = "--seconds", defaultValue = "15", description = "duration of the append phase (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--threads", defaultValue = "8", description = "concurrent appenders (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--witnesses", defaultValue = "3", description = "witnesses (local, each with its own key and state; default: ${DEFAULT-VALUE})")
    int witnesses;

    @Option(names = "--quorum", defaultValue = "2", description = "cosignatures needed to publish (default: ${DEFAULT-VALUE})")
    int quorum;

    @Option(names = "--residents", defaultValue = "1500", description = "residents of the city loaded for the ingest overhead (0 skips it; default: ${DEFAULT-VALUE})")
    int residents;

    @Option(names = "--db", description = "PostgreSQL instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/test")
    String postgres;

    @Override
    public Integer call() throws Exception {
        System.out.printf("bench ledger on %s: %d appenders for %d s, %d witnesses, quorum %d%n", postgres == null ? "H2" : "PostgreSQL",
                threads, seconds, witnesses, quorum);
        appends();
        if (residents > 0) {
            overhead();
        }
        return 0;
    }

    private void appends() throws Exception {
        Path data = Files.createTempDirectory("cityhealth-bench-");
        NoteKeyPair hubKey = NoteKeys.generate(ORIGIN, KeyType.ED25519);
        Files.createDirectories(data.resolve("keys"));
        Files.writeString(data.resolve("keys/ledger-ed25519.key"), hubKey.signerKey());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("cityhealth.ledger.origin", ORIGIN);
        settings.put("cityhealth.ledger.quorum", quorum);
        List<WitnessServer> servers = new ArrayList<>();
        try {
            for (int i = 0; i < witnesses; i++) {
                NoteKeyPair key = NoteKeys.generate("witness-" + i + ".bench", KeyType.ED25519);
                Witness witness = new Witness(key.signerKey(), Clock.systemUTC(),
                        Map.of(ORIGIN, List.of(NoteKeys.verifier(hubKey.verifierKey()))),
                        new FileWitnessState(Files.createDirectories(data.resolve("witness-" + i))));
                WitnessServer server = WitnessServer.start(new InetSocketAddress("127.0.0.1", 0), witness);
                servers.add(server);
                settings.put("cityhealth.ledger.witnesses[" + i + "].name", "witness-" + i + ".bench");
                settings.put("cityhealth.ledger.witnesses[" + i + "].url", "http://127.0.0.1:" + server.port());
                settings.put("cityhealth.ledger.witnesses[" + i + "].key", key.verifierKey());
            }
            try (BenchHub hub = BenchHub.start(postgres, settings, data)) {
                Ledger ledger = hub.bean(Ledger.class);
                LedgerReader reader = hub.bean(LedgerReader.class);
                long before = reader.recorded();
                AtomicLong appended = new AtomicLong();
                long[] completedAt = new long[20_000_000];
                long deadline = System.nanoTime() + seconds * 1_000_000_000L;
                List<double[]> latencies = new ArrayList<>();
                List<Thread> appenders = new ArrayList<>();
                long started = System.nanoTime();
                PublicationTimeline timeline = PublicationTimeline.start(reader, before);
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    double[] mine = new double[2_000_000];
                    latencies.add(mine);
                    appenders.add(Thread.ofPlatform().start(() -> {
                        int n = 0;
                        while (System.nanoTime() < deadline && n < mine.length - 1) {
                            long t0 = System.nanoTime();
                            ledger.record(LedgerEvent.permit("bench.read").by(LedgerEvent.Actor.HUB).person((long) (thread * 1_000_000 + n))
                                    .touched(List.of(new LedgerEvent.Touched("Observation/bench-" + n + "/_history/1",
                                            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))));
                            long t1 = System.nanoTime();
                            mine[n++] = (t1 - t0) / 1e6;
                            long k = appended.getAndIncrement();
                            if (k < completedAt.length) {
                                completedAt[(int) k] = t1;
                            }
                        }
                        mine[mine.length - 1] = n;
                    }));
                }
                for (Thread appender : appenders) {
                    appender.join();
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                double[] all = latencies.stream().flatMapToDouble(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).sorted().toArray();
                System.out.printf("appends     %,10d durable entries in %.1f s: %,8.0f appends/s; record() latency p50 %.2f ms, p99 %.2f ms%n",
                        appended.get(), elapsed, appended.get() / elapsed, BenchHub.percentile(all, 50), BenchHub.percentile(all, 99));
                long waitStart = System.nanoTime();
                while (reader.publishedSize() < before + appended.get() && System.nanoTime() - waitStart < 120_000_000_000L) {
                    Thread.sleep(20);
                }
                timeline.stop();
                double[] delays = timeline.delaysMillis(completedAt, (int) Math.min(appended.get(), completedAt.length), started + WARM_UP_NANOS);
                MeterRegistry meters = hub.bean(MeterRegistry.class);
                var integrate = meters.get("cityhealth.ledger.round.integrate").timer();
                var publish = meters.get("cityhealth.ledger.round.publish").timer();
                System.out.printf("rounds      %,10d integrations, mean %.1f ms, max %.0f ms; %,d publications, mean %.1f ms, max %.0f ms%n",
                        integrate.count(), integrate.mean(TimeUnit.MILLISECONDS), integrate.max(TimeUnit.MILLISECONDS),
                        publish.count(), publish.mean(TimeUnit.MILLISECONDS), publish.max(TimeUnit.MILLISECONDS));
                System.out.printf("publication %,10d entries published with %d of %d cosignatures; append→published checkpoint p50 %.0f ms, "
                                + "p99 %.0f ms (entries after the first %d s of warm-up)%n",
                        reader.publishedSize(), quorum, witnesses, BenchHub.percentile(delays, 50), BenchHub.percentile(delays, 99),
                        WARM_UP_NANOS / 1_000_000_000L);
            }
        } finally {
            servers.forEach(WitnessServer::close);
        }
    }

    @Option(names = "--rounds", defaultValue = "2", description = "ingest runs with and without the ledger, alternating (default: ${DEFAULT-VALUE})")
    int rounds;

    private void overhead() throws Exception {
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        // Run -1 warms the JVM up (JIT, class loading) and is not counted: the first load of a run is always the slowest.
        for (int run = -1; run < 2 * rounds; run++) {
            boolean recording = run >= 0 && run % 2 == 1;
            Map<String, Object> settings = Map.of("cityhealth.ledger.record-operations", recording);
            try (BenchHub hub = BenchHub.start(postgres, settings, Files.createTempDirectory("cityhealth-bench-"))) {
                CityGenerator generator = new CityGenerator(CitySpec.ofResidents(residents, 7).withResidentsPerBundle(10));
                CityLoader.Result result = hub.load(generator, 4);
                if (run < 0) {
                    System.out.printf("ingest warm-up (not counted): %,.0f resources/s%n", result.resourcesPerSecond());
                    continue;
                }
                (recording ? with : without).add(result.resourcesPerSecond());
                System.out.printf("ingest %-15s %,10d resources, %6.1f s: %,8.0f resources/s; bundle p50 %.0f ms, p99 %.0f ms%n",
                        recording ? "with ledger" : "without ledger", result.resources(), result.seconds(), result.resourcesPerSecond(),
                        BenchHub.percentile(result.latenciesMillis(), 50), BenchHub.percentile(result.latenciesMillis(), 99));
            }
        }
        double baseline = median(without);
        double measured = median(with);
        System.out.printf("ledger overhead on ingest: %.1f%% (median throughput with ledger / without = %.3f over %d runs each)%n",
                (1 - measured / baseline) * 100, measured / baseline, rounds);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
