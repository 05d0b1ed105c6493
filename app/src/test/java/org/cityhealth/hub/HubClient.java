package org.cityhealth.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** A real HTTP client against a hub started by a test: what a hospital or an operator's tool would send. */
public final class HubClient {

    public record Response(int status, String body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String adminPassword;

    public HubClient(int port, String adminPassword) {
        this.base = "http://127.0.0.1:" + port;
        this.adminPassword = adminPassword;
    }

    public String base() {
        return base;
    }

    public String adminAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** Registers a new source with a unique code and returns its code and token. */
    public String[] newSource(String prefix) {
        String code = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Response response = send(HttpRequest.newBuilder(URI.create(base + "/admin/sources"))
                .header("Authorization", adminAuthorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + code + "\",\"name\":\"测试医院 " + code
                        + "\",\"level\":\"三级甲等\",\"district\":\"西湖区\"}")));
        if (response.status() != 201) {
            throw new IllegalStateException("registration failed: " + response.status() + " " + response.body());
        }
        return new String[] {code, response.json().path("token").asText()};
    }

    public Response postFhir(String token, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(base + "/fhir"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public Response postJson(String token, String bundle) {
        return postFhir(token, "application/fhir+json", bundle.getBytes(StandardCharsets.UTF_8));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path.replace("|", "%7C"))).header("Authorization", adminAuthorization()));
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
