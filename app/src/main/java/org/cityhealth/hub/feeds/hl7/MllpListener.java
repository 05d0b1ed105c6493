package org.cityhealth.hub.feeds.hl7;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The MLLP listener ({@code cityhealth.feeds.hl7.mllp-port}, optionally TLS): one virtual thread per connection,
 * each message answered with its ACK before the next is read, as MLLP senders expect.
 *
 * <p>The framing is read here rather than by HAPI's {@code SimpleServer}: HAPI's server decodes the bytes to a
 * String with its own charset guess and parses them before an application sees the message, so neither the exact
 * bytes (which the vault must keep) nor a message HAPI cannot parse (which must still be vaulted and answered with
 * our AR) would reach the hub. HAPI still parses every message and builds every ACK, and its client is what the
 * tests send with. A bad message never ends a connection; only a broken frame or the peer does.
 */
@Component
public class MllpListener implements SmartLifecycle, FeedListener {

    private static final Logger log = LoggerFactory.getLogger(MllpListener.class);

    private final Hl7Feed feed;
    private final Hl7Settings settings;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private ExecutorService workers;

    MllpListener(Hl7Feed feed, Hl7Settings settings) {
        this.feed = feed;
        this.settings = settings;
    }

    /** The port the listener is bound to; -1 when it is off. */
    @Override
    public int port() {
        ServerSocket bound = server;
        return bound == null ? -1 : bound.getLocalPort();
    }

    @Override
    public String kind() {
        return "feeds.kind.hl7";
    }

    @Override
    public Optional<String> endpoint() {
        int port = port();
        return port < 0 ? Optional.empty() : Optional.of((settings.tls().enabled() ? "mllp+tls" : "mllp") + " @ port " + port);
    }

    @Override
    public String howToConnect(Source source) {
        List<String> networks = settings.allowedNetworks().getOrDefault(source.code(), List.of());
        return "MSH-4 = " + source.code() + (networks.isEmpty() ? "" : ", from " + String.join(", ", networks));
    }

    @Override
    public synchronized void start() {
        if (settings.mllpPort() < 0 || server != null) {
            return;
        }
        try {
            server = settings.tls().enabled() ? tlsContext().getServerSocketFactory().createServerSocket(settings.mllpPort())
                    : new ServerSocket(settings.mllpPort());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot listen for MLLP on port " + settings.mllpPort() + ": " + e.getMessage(), e);
        }
        workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("mllp-", 0).factory());
        ServerSocket listening = server;
        Thread.ofPlatform().name("mllp-accept").daemon().start(() -> accept(listening));
        log.info("HL7 v2 MLLP listening on port {}{}", listening.getLocalPort(), settings.tls().enabled() ? " (TLS)" : "");
    }

    private SSLContext tlsContext() throws IOException, GeneralSecurityException {
        Hl7Settings.Tls tls = settings.tls();
        if (tls.keyStore() == null || tls.keyStore().isBlank()) {
            throw new IllegalStateException("cityhealth.feeds.hl7.tls.enabled needs cityhealth.feeds.hl7.tls.key-store");
        }
        char[] password = tls.keyStorePassword() == null ? new char[0] : tls.keyStorePassword().toCharArray();
        KeyStore keys = KeyStore.getInstance(tls.keyStoreType());
        try (InputStream in = Files.newInputStream(Path.of(tls.keyStore()))) {
            keys.load(in, password);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket socket = listening.accept();
                connections.add(socket);
                workers.submit(() -> serve(socket));
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    log.warn("MLLP accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        try (socket) {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
            PushbackInputStream in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream()), 1);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            MllpFrames.Frame frame;
            while ((frame = MllpFrames.read(in, settings.maxMessageBytes())) != null) {
                byte[] ack = frame.tooLarge() ? feed.tooLarge(frame.bytes(), settings.maxMessageBytes()).ack()
                        : feed.receive(frame.bytes(), Optional.empty(), socket.getInetAddress());
                MllpFrames.write(out, ack);
            }
        } catch (SocketTimeoutException e) {
            log.info("MLLP connection from {} idle for {}; closed", peer, settings.idleTimeout());
        } catch (EOFException | SocketException e) {
            log.debug("MLLP connection from {} ended: {}", peer, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.warn("MLLP connection from {} failed", peer, e);
        } finally {
            connections.remove(socket);
        }
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing the MLLP listener: {}", e.getMessage());
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("closing an MLLP connection: {}", e.getMessage());
            }
        }
        workers.close();
        server = null;
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
