package org.cityhealth.hub.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.cityhealth.ledger.tiles.TileStorage;

/** A log served over HTTP with the C2SP tlog-tiles paths, read-only; optionally with an auditor's HTTP Basic login. */
final class HttpTileStorage implements TileStorage {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String authorization;

    HttpTileStorage(String base, String user, String password) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.authorization = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<byte[]> read(String path) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + base + path, e);
        }
        return switch (response.statusCode()) {
            case 200 -> Optional.of(response.body());
            case 404 -> Optional.empty();
            case 401, 403 -> throw new IOException(base + path + " needs an auditor's login (--user, password in CITYHEALTH_PASSWORD)");
            default -> throw new IOException("GET " + base + path + " answered HTTP " + response.statusCode());
        };
    }

    @Override
    public void write(String path, byte[] data) {
        throw new UnsupportedOperationException("a log read over HTTP is read-only");
    }
}
