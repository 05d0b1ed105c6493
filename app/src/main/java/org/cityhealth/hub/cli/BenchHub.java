package org.cityhealth.hub.cli;

import org.cityhealth.hub.Percentiles;
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
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.cityhealth.hub.source.SourceRegistry;
import org.cityhealth.synthetic.CityGenerator;
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
        return start(postgresUrl, Map.of(), Files.createTempDirectory("cityhealth-bench-"));
    }

    /** A hub with extra settings, on a data directory the caller may have prepared (keys). */
    static BenchHub start(String postgresUrl, Map<String, Object> settings, Path data) throws IOException, SQLException {
        Map<String, Object> properties = new LinkedHashMap<>(settings);
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

    /** Registers the generator's sources and posts all its bundles over HTTP with {@code threads} senders. */
    CityLoader.Result load(CityGenerator generator, int threads) throws Exception {
        return new CityLoader(client, url).load(context.getBean(SourceRegistry.class), generator, threads, progress -> { });
    }

    HttpResponse<byte[]> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + path.replace("|", "%7C"))).header("Authorization", basicAuthorization).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    <T> java.util.Collection<T> beans(Class<T> type) {
        return context.getBeansOfType(type).values();
    }

    static double percentile(double[] sorted, double p) {
        return Percentiles.of(sorted, p);
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
