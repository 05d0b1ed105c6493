package org.cityhealth.hub.feeds.vitals;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.springframework.modulith.NamedInterface;

/**
 * A private Mosquitto on a free port, persisting its sessions in a temporary directory, for tests (which stop and
 * restart it without touching the system's broker) and {@code ./cityhealth bench feeds} (where the broker must not
 * be what is measured: no in-flight cap).
 */
@NamedInterface("clients")
public final class MosquittoBroker implements AutoCloseable {

    private final Path directory;
    private final int port;
    private Process process;

    private MosquittoBroker(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts one; throws when {@code mosquitto} is not installed ({@link #installed()} tells). */
    public static MosquittoBroker start() throws IOException, InterruptedException {
        String executable = executable().orElseThrow(() -> new IOException("mosquitto is not installed"));
        Path directory = Files.createTempDirectory("cityhealth-mosquitto-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        // Its own user: mosquitto started as root otherwise drops to user mosquitto, which cannot write the directory.
        // Many messages in flight and an unlimited queue: the hub takes whole batches (its queue and the batches being stored,
        // up to 12,000 messages by default) before it acknowledges any, and a persistent session must keep everything
        // published while the hub is away. Not unlimited in flight: packet ids are 16 bits, so beyond 65,535 messages in
        // flight the broker would reuse ids still unacknowledged.
        Files.writeString(directory.resolve("mosquitto.conf"), """
                persistence true
                persistence_location %s/
                listener %d 127.0.0.1
                allow_anonymous true
                max_inflight_messages 20000
                max_queued_messages 0
                log_dest file %s/mosquitto.log
                user %s
                """.formatted(directory, port, directory, System.getProperty("user.name")));
        MosquittoBroker broker = new MosquittoBroker(directory, port);
        broker.process = broker.launch(executable);
        return broker;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Stops the broker gracefully (it saves its sessions) and starts it again on the same port and data. */
    public void restart() throws IOException, InterruptedException {
        stop();
        process = launch(executable().orElseThrow());
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process launch(String executable) throws IOException, InterruptedException {
        Process started = new ProcessBuilder(executable, "-c", directory.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return started;
            } catch (IOException notYet) {
                if (!started.isAlive()) {
                    throw new IOException("mosquitto exited: " + Files.readString(directory.resolve("stdout.log")));
                }
                Thread.sleep(50);
            }
        }
        started.destroyForcibly();
        throw new IOException("mosquitto did not listen on " + port);
    }

    /** Whether a {@code mosquitto} executable is installed. */
    public static boolean installed() {
        return executable().isPresent();
    }

    private static Optional<String> executable() {
        for (String candidate : new String[] {"/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
