package org.cityhealth.ledger.witness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a {@link Witness} over HTTP with the JDK's built-in server:
 * {@code POST /add-checkpoint} (c2sp.org/tlog-witness, submission prefix = the server root).
 * Other paths answer 404, other methods 405, bodies over {@value #MAX_BODY_BYTES} bytes 413
 * (a request is one checkpoint and at most 63 hashes, a few KiB).
 *
 * <p>No TLS and no authentication, as the protocol intends: the checkpoint signature is the
 * authorization. Put a TLS-terminating proxy in front for anything but a private network.
 */
public final class WitnessServer implements AutoCloseable {

    static final int MAX_BODY_BYTES = 64 * 1024;
    /** How much of an oversized body is read and thrown away so that the client receives the 413. */
    private static final long DISCARD_LIMIT_BYTES = 1024 * 1024;
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;

    private WitnessServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on {@code bind} (port 0 picks a free port, see {@link #port()}).
     *
     * @throws IOException if the address cannot be bound
     */
    public static WitnessServer start(InetSocketAddress bind, Witness witness) throws IOException {
        Objects.requireNonNull(witness, "witness is null");
        HttpServer server = HttpServer.create(bind, 64);
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "witness-http-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> handle(exchange, witness));
        server.start();
        return new WitnessServer(server, executor);
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting requests and ends the worker threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void handle(HttpExchange exchange, Witness witness) throws IOException {
        try (exchange) {
            if (!"/add-checkpoint".equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, "not found: this witness serves POST /add-checkpoint\n");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                send(exchange, 405, "add-checkpoint takes POST\n");
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                discardRest(exchange);
                send(exchange, 413, "request body is larger than " + MAX_BODY_BYTES + " bytes\n");
                return;
            }
            WitnessResponse response;
            try {
                response = witness.addCheckpoint(body);
            } catch (RuntimeException e) {
                response = new WitnessResponse.Failure("internal error: " + e.getClass().getSimpleName());
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            send(exchange, response.status(), response.body());
        }
    }

    /** The body, or {@code null} if it is larger than the limit. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > MAX_BODY_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                // The server itself rejects such requests; read and let the limit decide.
            }
        }
        InputStream in = exchange.getRequestBody();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) != -1; ) {
            if (out.size() + n > MAX_BODY_BYTES) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Reads what is left of a refused body, up to a bound, before answering: closing a connection with unread bytes
     * makes the kernel reset it, and the client then sees a reset instead of the 413. Beyond the bound (an abusive
     * sender) the reset is acceptable.
     */
    private static void discardRest(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] buffer = new byte[8192];
        long left = DISCARD_LIMIT_BYTES;
        for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1; ) {
            left -= n;
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
            exchange.getResponseHeaders().set("Content-Type", WitnessResponse.TEXT);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public String toString() {
        return "WitnessServer[port " + port() + "]";
    }
}
