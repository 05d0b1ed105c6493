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
        return start(null, null);
    }

    /**
     * Starts one that lets in only {@code username} with {@code password} (both null: anyone), through a password file
     * written by {@code mosquitto_passwd}.
     */
    public static MosquittoBroker start(String username, String password) throws IOException, InterruptedException {
        String executable = executable("mosquitto").orElseThrow(() -> new IOException("mosquitto is not installed"));
        Path directory = Files.createTempDirectory("cityhealth-mosquitto-");
        String access = "allow_anonymous true";
        if (username != null) {
            Path passwords = directory.resolve("passwords");
            String passwordTool = executable("mosquitto_passwd").orElseThrow(() -> new IOException("mosquitto_passwd is not installed"));
            Process passwd = new ProcessBuilder(passwordTool, "-c", "-b",
                    passwords.toString(), username, password).redirectErrorStream(true).start();
            String output = new String(passwd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (passwd.waitFor() != 0) {
                throw new IOException("mosquitto_passwd failed: " + output);
            }
            access = "allow_anonymous false\npassword_file " + passwords;
        }
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
                %s
                max_inflight_messages 20000
                max_queued_messages 0
                log_dest file %s/mosquitto.log
                user %s
                """.formatted(directory, port, access, directory, System.getProperty("user.name")));
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
        process = launch(executable("mosquitto").orElseThrow());
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
        return executable("mosquitto").isPresent();
    }

    private static Optional<String> executable(String name) {
        for (String directory : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
