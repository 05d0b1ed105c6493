package org.cityhealth.hub.feeds.vitals;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * A QoS 1 subscriber in a persistent session (MQTT 3.1.1, clean session off) whose messages are acknowledged when the
 * application says so, many at a time: one thread reads the broker's packets through a buffer and hands each PUBLISH
 * to the {@link Listener} with its {@link Delivery}; {@link #acknowledge} writes the PUBACKs that have become due in one
 * write, in the order the messages came (MQTT-4.6.0-2), on the connection they came on. It reconnects after a lost
 * connection (the broker then sends the unacknowledged messages again) and keeps the connection alive with PINGREQ.
 *
 * <p>Written here rather than taken from a library because of what a message costs. Eclipse Paho 1.2.5 hands each
 * message from its reading thread to a callback thread through a queue of ten, reads every packet in three or four
 * system calls and writes each acknowledgement with a system call of its own; a JFR recording of the feed bench put its
 * reading thread alone at about 18 µs of CPU a message, a sixth of the hub's whole cost of a one-reading message. The
 * HiveMQ client (Netty) was measured no cheaper (docs/BENCHMARKS.md, stop 18). Neither lets an application acknowledge
 * a batch in one write. The part of MQTT a subscriber needs is small ({@link MqttPackets}) and is tested against
 * Mosquitto itself.
 */
@NamedInterface("clients")
public final class MqttSubscriber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttSubscriber.class);
    private static final int SUBSCRIPTION_ID = 1;
    private static final int READ_BUFFER = 64 * 1024;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    /** How long {@link #close()} waits for a write in progress before it closes the socket under it. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    /** Receives the messages, on the subscriber's reading thread; blocking there holds the broker back (TCP flow control). */
    @FunctionalInterface
    public interface Listener {
        /** A message on {@code topic}; {@code delivery} is what {@link #acknowledge} takes, null for a QoS 0 message. */
        void arrived(String topic, byte[] payload, Delivery delivery) throws InterruptedException;

        /**
         * A message of {@code size} bytes, more than a packet may have here, whose payload was skipped; it is acknowledged
         * once this returns (else the broker would send it first at every connection and hold up the feed).
         */
        default void dropped(String topic, int size) {
        }
    }

    /** A QoS 1 message's claim to its PUBACK: its packet id means something only on the connection it came on. */
    public static final class Delivery {
        private final Connection connection;
        private final int packetId;
        /** Guarded by the connection's {@code unacknowledged}. */
        private boolean done;

        private Delivery(Connection connection, int packetId) {
            this.connection = connection;
            this.packetId = packetId;
        }
    }

    /** One TCP connection and what belongs to it alone. */
    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final DataInputStream in;
        /** The QoS 1 messages not yet acknowledged, in the order they came. */
        final ArrayDeque<Delivery> unacknowledged = new ArrayDeque<>();
        /** False once DISCONNECT went out or a write failed: nothing more is written. Guarded by {@link #writing}. */
        boolean writable = true;
        volatile boolean subscribed;
        volatile long lastSent;
        volatile long lastReceived;

        Connection(Socket socket, OutputStream out, DataInputStream in) {
            this.socket = socket;
            this.out = out;
            this.in = in;
            this.lastSent = this.lastReceived = System.nanoTime();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("vitals: close: {}", e.getMessage());
            }
        }
    }

    private final URI broker;
    private final boolean tls;
    private final String clientId;
    private final String topicFilter;
    private final int keepAliveSeconds;
    private final String username;
    private final String password;
    private final Listener listener;
    /** Every write, so that acknowledgements leave in order and nothing follows DISCONNECT. */
    private final ReentrantLock writing = new ReentrantLock();
    private final ScheduledExecutorService pinger;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile Connection current;
    private volatile boolean everConnected;
    private volatile String problem;

    /**
     * Starts subscribing to {@code topicFilter} at QoS 1 on {@code broker} ({@code tcp://host[:1883]} or
     * {@code ssl://host[:8883]}, the host name checked against the certificate) under {@code clientId}, with a keep-alive
     * of {@code keepAliveSeconds} (1 to 65,535), without user name and password.
     */
    public MqttSubscriber(String broker, String clientId, String topicFilter, int keepAliveSeconds, Listener listener) {
        this(broker, clientId, topicFilter, keepAliveSeconds, "", "", listener);
    }

    /** As above, logging in as {@code username} with {@code password} (empty: none; a password needs a user name). */
    public MqttSubscriber(String broker, String clientId, String topicFilter, int keepAliveSeconds, String username, String password,
                          Listener listener) {
        if (keepAliveSeconds < 1 || keepAliveSeconds > 0xFFFF) {
            throw new IllegalArgumentException("keep-alive must be 1 to 65,535 seconds");
        }
        if (username.isEmpty() && !password.isEmpty()) {
            throw new IllegalArgumentException("an MQTT password needs a user name");
        }
        this.broker = brokerUri(broker);
        this.tls = "ssl".equalsIgnoreCase(this.broker.getScheme());
        this.clientId = clientId;
        this.topicFilter = topicFilter;
        this.keepAliveSeconds = keepAliveSeconds;
        this.username = username;
        this.password = password;
        this.listener = listener;
        this.pinger = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vitals-mqtt-ping").daemon().factory());
        long period = Math.max(1, keepAliveSeconds * 1000L / 4);
        pinger.scheduleAtFixedRate(this::pingIfQuiet, period, period, TimeUnit.MILLISECONDS);
        this.reader = Thread.ofPlatform().name("vitals-mqtt").start(this::run);
    }

    /** Whether a connection is up and the broker has granted the subscription on it. */
    public boolean connected() {
        Connection connection = current;
        return connection != null && connection.subscribed;
    }

    /** Why the last attempt to connect failed, or the connection was lost; null once connected. */
    String problem() {
        return problem;
    }

    /**
     * Marks {@code deliveries} done and writes, in one write, the PUBACKs of the messages done in a row from the oldest
     * unacknowledged one of the current connection: a message done before an earlier one waits for it. Deliveries of an
     * earlier connection are passed over; the broker sends their messages again on the new one.
     */
    public void acknowledge(Collection<Delivery> deliveries) {
        writing.lock();
        try {
            Connection connection = current;
            if (connection == null) {
                return;
            }
            int[] packetIds;
            int count = 0;
            synchronized (connection.unacknowledged) {
                for (Delivery delivery : deliveries) {
                    if (delivery != null && delivery.connection == connection) {
                        delivery.done = true;
                    }
                }
                packetIds = new int[connection.unacknowledged.size()];
                while (!connection.unacknowledged.isEmpty() && connection.unacknowledged.peekFirst().done) {
                    packetIds[count++] = connection.unacknowledged.pollFirst().packetId;
                }
            }
            if (count > 0) {
                write(connection, MqttPackets.pubAcks(packetIds, count));
            }
        } finally {
            writing.unlock();
        }
    }

    /** Disconnects (the broker keeps the session and its unacknowledged messages) and stops the reading thread. */
    @Override
    public void close() {
        running = false;
        pinger.shutdownNow();
        // The reader may wait for room in the listener's queue; nothing else it does minds an interrupt.
        reader.interrupt();
        Connection connection = current;
        if (connection != null) {
            try {
                if (writing.tryLock(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    try {
                        write(connection, MqttPackets.disconnect());
                        connection.writable = false;
                    } finally {
                        writing.unlock();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Also ends a write stuck on a broker that does not read.
            connection.close();
        }
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean failing = false;
        while (running) {
            Connection connection = null;
            try {
                connection = open();
                failing = false;
                read(connection);
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                problem = e.getMessage();
                if (connection != null) {
                    log.warn("vitals: connection to MQTT broker {} lost: {}", broker, e.getMessage());
                } else if (!failing) {
                    log.warn("vitals: cannot connect to MQTT broker {}: {}; retrying every {}", broker, e.getMessage(), RETRY_PAUSE);
                }
                failing = connection == null;
            } finally {
                if (connection != null) {
                    current = null;
                    connection.close();
                }
            }
            pause();
        }
    }

    /** Connects (TLS handshake included), CONNECT/CONNACK, SUBSCRIBE; the SUBACK comes in among the messages. */
    private Connection open() throws IOException {
        Socket socket = (tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault()).createSocket();
        try {
            if (socket instanceof SSLSocket ssl) {
                SSLParameters parameters = ssl.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(parameters);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(broker.getHost(), port()), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            if (!running) {
                throw new IOException("the subscriber is closed");
            }
            Connection connection = new Connection(socket, socket.getOutputStream(),
                    new DataInputStream(new BufferedInputStream(socket.getInputStream(), READ_BUFFER)));
            // Written directly: no one else knows the connection yet.
            connection.out.write(MqttPackets.connect(clientId, false, keepAliveSeconds, username, password));
            connection.out.flush();
            if (!(MqttPackets.read(connection.in) instanceof MqttPackets.ConnAck(boolean sessionPresent, int returnCode))) {
                throw new MqttPackets.ProtocolException("the broker answered CONNECT with something else than CONNACK");
            }
            if (returnCode != 0) {
                throw new IOException("the broker refused the connection: " + refusal(returnCode));
            }
            if (!sessionPresent && everConnected) {
                log.warn("vitals: the broker {} kept no session for {}: what was published while the hub was away is lost", broker, clientId);
            }
            // Subscribed again on every connection: a broker that lost its sessions has forgotten the subscription.
            connection.out.write(MqttPackets.subscribe(SUBSCRIPTION_ID, topicFilter, 1));
            connection.out.flush();
            // A broker that sends nothing, not even PINGRESP, for one and a half keep-alive periods is gone (3.1.2.10).
            socket.setSoTimeout(keepAliveSeconds * 1500);
            current = connection;
            everConnected = true;
            problem = null;
            log.info("vitals: connected to {} (session kept: {}), subscribing to {}", broker, sessionPresent, topicFilter);
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private void read(Connection connection) throws IOException, InterruptedException {
        while (running) {
            MqttPackets.Packet packet = MqttPackets.read(connection.in);
            connection.lastReceived = System.nanoTime();
            switch (packet) {
                case MqttPackets.Publish publish when publish.payload() == null -> {
                    log.warn("vitals: a message of {} bytes on {}, more than {}, was dropped", publish.size(), publish.topic(),
                            MqttPackets.MAX_PACKET);
                    listener.dropped(publish.topic(), publish.size());
                    Delivery delivery = delivery(connection, publish);
                    if (delivery != null) {
                        acknowledge(List.of(delivery));
                    }
                }
                case MqttPackets.Publish publish -> listener.arrived(publish.topic(), publish.payload(), delivery(connection, publish));
                case MqttPackets.SubAck(int packetId, List<Integer> granted) -> {
                    // QoS 0 would lose the messages of a crash, a refusal would leave the hub listening to nothing: both are errors.
                    if (packetId != SUBSCRIPTION_ID || !granted.equals(List.of(1))) {
                        throw new MqttPackets.ProtocolException("the broker did not grant QoS 1 on " + topicFilter
                                + " (SUBACK " + packetId + " " + granted + ")");
                    }
                    connection.subscribed = true;
                }
                case MqttPackets.PingResp ignored -> {
                }
                case MqttPackets.ConnAck ignored -> throw new MqttPackets.ProtocolException("a second CONNACK");
            }
        }
    }

    private static Delivery delivery(Connection connection, MqttPackets.Publish publish) {
        if (publish.qos() == 0) {
            return null;
        }
        Delivery delivery = new Delivery(connection, publish.packetId());
        synchronized (connection.unacknowledged) {
            connection.unacknowledged.addLast(delivery);
        }
        return delivery;
    }

    /**
     * PINGREQ when nothing was sent, or nothing received, for half the keep-alive (as Paho does): a subscriber busy
     * acknowledging a backlog still needs an answer now and then to know the broker is there.
     */
    private void pingIfQuiet() {
        Connection connection = current;
        long half = TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2;
        long now = System.nanoTime();
        if (connection != null && (now - connection.lastSent >= half || now - connection.lastReceived >= half)) {
            writing.lock();
            try {
                write(connection, MqttPackets.pingReq());
            } finally {
                writing.unlock();
            }
        }
    }

    /** Writes whole packets, holding {@link #writing}; a failure closes this connection's socket, so that the reader reconnects. */
    private void write(Connection connection, byte[] packets) {
        if (!connection.writable || connection != current) {
            return;
        }
        try {
            connection.out.write(packets);
            connection.out.flush();
            connection.lastSent = System.nanoTime();
        } catch (IOException e) {
            log.debug("vitals: write to {} failed: {}", broker, e.getMessage());
            connection.writable = false;
            connection.close();
        }
    }

    private void pause() {
        try {
            Thread.sleep(running ? RETRY_PAUSE.toMillis() : 0);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private int port() {
        return broker.getPort() > 0 ? broker.getPort() : tls ? 8883 : 1883;
    }

    /** The return codes of CONNACK (3.2.2.3). */
    private static String refusal(int returnCode) {
        return switch (returnCode) {
            case 1 -> "unacceptable protocol version (MQTT 3.1.1 is needed)";
            case 2 -> "client identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorized";
            default -> "return code " + returnCode;
        };
    }

    /** {@code tcp://host[:port]} or {@code ssl://host[:port]}. */
    static URI brokerUri(String broker) {
        URI uri;
        try {
            uri = URI.create(broker.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cityhealth.feeds.vitals.broker " + broker + " is not a URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null) {
            throw new IllegalArgumentException("cityhealth.feeds.vitals.broker must be tcp://host:port or ssl://host:port, not " + broker);
        }
        return uri;
    }
}
