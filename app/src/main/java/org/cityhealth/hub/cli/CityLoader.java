package org.cityhealth.hub.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.GeneratedBundle;
import org.cityhealth.synthetic.SyntheticSource;

/**
 * Loads a generated city into a running hub the way hospitals would: each source registered, then every
 * bundle sent with its own source's token to {@code POST /fhir} by a few concurrent senders.
 */
final class CityLoader {

    /**
     * What a load measured: resources, bundles, seconds and per-bundle latencies in milliseconds, sorted; and the
     * registered sources' bearer tokens by source code (the demo then sends its other feeds with them).
     */
    record Result(long resources, long bundles, double seconds, double[] latenciesMillis, Map<String, String> tokens) {
        double resourcesPerSecond() {
            return resources / seconds;
        }
    }

    private final HttpClient client;
    private final String url;

    CityLoader(HttpClient client, String url) {
        this.client = client;
        this.url = url;
    }

    /** Registers the sources, posts every bundle, and reports the resources sent so far to {@code progress}. */
    Result load(SourceRegistry registry, CityGenerator generator, int threads, LongConsumer progress) throws Exception {
        Map<String, String> tokens = new HashMap<>();
        for (SyntheticSource source : generator.sources()) {
            tokens.put(source.code(), registry.register(new NewSource(source.code(), source.name(), source.level(), source.district(),
                    source.kind().name())).token());
        }
        Iterator<GeneratedBundle> bundles = generator.bundles();
        AtomicLong resources = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<double[]> latencies = new ArrayList<>();
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(senders.submit(() -> send(bundles, tokens, resources, progress)));
            }
            for (Future<double[]> future : futures) {
                try {
                    latencies.add(future.get());
                } catch (ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw new IllegalStateException("a sender failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] all = latencies.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        return new Result(resources.get(), all.length, seconds, all, Map.copyOf(tokens));
    }

    private double[] send(Iterator<GeneratedBundle> bundles, Map<String, String> tokens, AtomicLong resources, LongConsumer progress)
            throws Exception {
        double[] own = new double[1024];
        int count = 0;
        while (true) {
            GeneratedBundle bundle;
            synchronized (bundles) {
                if (!bundles.hasNext()) {
                    return Arrays.copyOf(own, count);
                }
                bundle = bundles.next();
            }
            long begin = System.nanoTime();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url + "/fhir"))
                    .header("Authorization", "Bearer " + tokens.get(bundle.sourceCode()))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bundle.json())).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the hub refused a bundle: HTTP " + response.statusCode() + " " + new String(response.body()));
            }
            if (count == own.length) {
                own = Arrays.copyOf(own, count * 2);
            }
            own[count++] = (System.nanoTime() - begin) / 1e6;
            progress.accept(resources.addAndGet(bundle.resourceCount()));
        }
    }
}
