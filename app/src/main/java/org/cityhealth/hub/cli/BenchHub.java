package org.cityhealth.hub.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.synthetic.CityGenerator;
import org.cityhealth.synthetic.GeneratedBundle;
import org.cityhealth.synthetic.SyntheticSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A throw-away hub for benchmarks: a fresh H2 data directory, or a fresh schema in the given PostgreSQL
 * database, on a free local port; loads a generated city over HTTP like any hospital would.
 */
final class BenchHub implements AutoCloseable {

    final String url;
    final String basicAuthorization;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConfigurableApplicationContext context;
    private final Path data;
    private final String postgresUrl;
    private final String schema;

    private BenchHub(ConfigurableApplicationContext context, String url, Path data, String postgresUrl, String schema, String password) {
        this.context = context;
        this.url = url;
        this.data = data;
        this.postgresUrl = postgresUrl;
        this.schema = schema;
        this.basicAuthorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes());
    }

    static BenchHub start(String postgresUrl) throws IOException, SQLException {
        Path data = Files.createTempDirectory("cityhealth-bench-");
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("cityhealth.data-directory", data.toString());
        String schema = null;
        if (postgresUrl != null) {
            schema = "bench_" + Long.toHexString(System.nanoTime());
            try (Connection connection = DriverManager.getConnection(postgresUrl, "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("create schema " + schema);
            }
            properties.put("cityhealth.database-url", postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            properties.put("cityhealth.database-user", "postgres");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        properties.put("server.port", port);
        properties.put("cityhealth.demo", true);
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.log-startup-info", "false");
        ConfigurableApplicationContext context = Hub.server(properties);
        String password = context.getBean(org.cityhealth.hub.access.AdminBootstrap.class).demoPassword();
        return new BenchHub(context, "http://127.0.0.1:" + port, data, postgresUrl, schema, password);
    }

    /** Registers the generator's sources and returns their tokens by code. */
    Map<String, String> registerSources(List<SyntheticSource> sources) {
        SourceRegistry registry = context.getBean(SourceRegistry.class);
        Map<String, String> tokens = new HashMap<>();
        for (SyntheticSource source : sources) {
            tokens.put(source.code(), registry.register(new NewSource(source.code(), source.name(), source.level(), source.district(),
                    source.kind().name())).token());
        }
        return tokens;
    }

    /** What a load measured: resources, seconds and per-bundle latencies in milliseconds, sorted. */
    record LoadResult(long resources, long bundles, double seconds, double[] latenciesMillis) {
        double resourcesPerSecond() {
            return resources / seconds;
        }
    }

    /** Posts every bundle of the generator with {@code threads} concurrent senders. */
    LoadResult load(CityGenerator generator, Map<String, String> tokens, int threads) throws Exception {
        Iterator<GeneratedBundle> bundles = generator.bundles();
        AtomicLong resources = new AtomicLong();
        List<double[]> latencies = new java.util.ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        try {
            List<Future<double[]>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(senders.submit(() -> {
                    double[] own = new double[1024];
                    int count = 0;
                    while (true) {
                        GeneratedBundle bundle;
                        synchronized (bundles) {
                            if (!bundles.hasNext()) {
                                break;
                            }
                            bundle = bundles.next();
                        }
                        long begin = System.nanoTime();
                        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url + "/fhir"))
                                .header("Authorization", "Bearer " + tokens.get(bundle.sourceCode()))
                                .header("Content-Type", "application/fhir+json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle.json())).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
                        }
                        if (count == own.length) {
                            own = Arrays.copyOf(own, count * 2);
                        }
                        own[count++] = (System.nanoTime() - begin) / 1e6;
                        resources.addAndGet(bundle.resourceCount());
                    }
                    return Arrays.copyOf(own, count);
                }));
            }
            for (Future<double[]> future : futures) {
                try {
                    latencies.add(future.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    futures.forEach(other -> other.cancel(true));
                    throw new IllegalStateException("a sender failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        } finally {
            senders.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double[] all = latencies.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        return new LoadResult(resources.get(), all.length, seconds, all);
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + path.replace("|", "%7C"))).header("Authorization", basicAuthorization).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public void close() throws IOException, SQLException {
        context.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        if (postgresUrl != null) {
            try (Connection connection = DriverManager.getConnection(postgresUrl, "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
    }
}
