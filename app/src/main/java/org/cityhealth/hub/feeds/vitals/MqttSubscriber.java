package org.cityhealth.hub.feeds.vitals;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;

/**
 * A QoS 1 subscriber in a persistent session (MQTT 3.1.1, clean session off) whose messages are acknowledged in
 * batches, when the application says so: one thread reads the broker's packets through a buffer and hands each PUBLISH
 * to the {@link Listener}; {@link #acknowledge} writes the PUBACKs of a whole batch in one write. It reconnects after a
 * lost connection (the broker then sends the unacknowledged messages again) and keeps the connection alive with
 * PINGREQ.
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

    /** Receives the messages, on the subscriber's reading thread; blocking there holds the broker back (TCP flow control). */
    @FunctionalInterface
    public interface Listener {
        /**
         * A message on {@code topic}: {@code packetId} is what {@link #acknowledge} takes (0 for a QoS 0 message, which
         * needs none), {@code connection} numbers the connection it came on.
         */
        void arrived(String topic, byte[] payload, int packetId, int connection) throws InterruptedException;
    }

    private final URI broker;
    private final boolean tls;
    private final String clientId;
    private final String topicFilter;
    private final int keepAliveSeconds;
    private final Listener listener;
    /** Counts lost connections; a packet id means something only on the connection it came on. */
    private final AtomicInteger connection = new AtomicInteger();
    private final Object writing = new Object();
    private final ScheduledExecutorService pinger;
    private final Thread reader;
    private volatile boolean running = true;
    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile boolean connected;
    private volatile boolean subscribed;
    private volatile long lastSent;

    /**
     * Starts subscribing to {@code topicFilter} at QoS 1 on {@code broker} ({@code tcp://host[:1883]} or
     * {@code ssl://host[:8883]}) under {@code clientId}.
     */
    public MqttSubscriber(String broker, String clientId, String topicFilter, int keepAliveSeconds, Listener listener) {
        this.broker = brokerUri(broker);
        this.tls = "ssl".equalsIgnoreCase(this.broker.getScheme());
        this.clientId = clientId;
        this.topicFilter = topicFilter;
        this.keepAliveSeconds = keepAliveSeconds;
        this.listener = listener;
        this.pinger = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vitals-mqtt-ping").daemon().factory());
        long period = Math.max(1, keepAliveSeconds * 1000L / 2);
        pinger.scheduleAtFixedRate(this::pingIfQuiet, period, period, TimeUnit.MILLISECONDS);
        this.reader = Thread.ofPlatform().name("vitals-mqtt").start(this::run);
    }

    /** Whether a connection is up and the broker has acknowledged the subscription on it. */
    public boolean connected() {
        return connected && subscribed;
    }

    /**
     * Acknowledges the first {@code count} of {@code packetIds}, received on {@code connectionNumber}, in one write. Those
     * of an earlier connection are not acknowledged: the broker sends them again on the new one, where their old packet
     * ids may name other messages.
     */
    public void acknowledge(int connectionNumber, int[] packetIds, int count) {
        if (count > 0 && connectionNumber == connection.get()) {
            send(MqttPackets.pubAcks(packetIds, count));
        }
    }

    /** Disconnects (the broker keeps the session and its unacknowledged messages) and stops the reading thread. */
    @Override
    public void close() {
        running = false;
        pinger.shutdownNow();
        if (connected) {
            send(MqttPackets.disconnect());
        }
        closeSocket();
        // The reader may wait for room in the listener's queue; nothing else it does minds an interrupt.
        reader.interrupt();
        try {
            reader.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        boolean failing = false;
        while (running) {
            try {
                DataInputStream in = open();
                failing = false;
                read(in);
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (connected) {
                    log.warn("vitals: connection to MQTT broker {} lost: {}", broker, e.getMessage());
                } else if (!failing) {
                    log.warn("vitals: cannot connect to MQTT broker {}: {}; retrying every {}", broker, e.getMessage(), RETRY_PAUSE);
                }
                failing = !connected;
            } finally {
                if (connected) {
                    connection.incrementAndGet();
                }
                connected = false;
                subscribed = false;
                closeSocket();
            }
            pause();
        }
    }

    /** Connects, CONNECT/CONNACK, SUBSCRIBE; the SUBACK comes in among the messages. */
    private DataInputStream open() throws IOException {
        Socket opened = socketFactory().createSocket();
        socket = opened;
        opened.setTcpNoDelay(true);
        opened.connect(new InetSocketAddress(broker.getHost(), port()), (int) CONNECT_TIMEOUT.toMillis());
        opened.setSoTimeout((int) CONNECT_TIMEOUT.toMillis());
        out = opened.getOutputStream();
        DataInputStream in = new DataInputStream(new BufferedInputStream(opened.getInputStream(), READ_BUFFER));
        send(MqttPackets.connect(clientId, false, keepAliveSeconds));
        if (!(MqttPackets.read(in) instanceof MqttPackets.ConnAck(boolean sessionPresent, int returnCode))) {
            throw new MqttPackets.ProtocolException("the broker answered CONNECT with something else than CONNACK");
        }
        if (returnCode != 0) {
            throw new IOException("the broker refused the connection: " + refusal(returnCode));
        }
        send(MqttPackets.subscribe(SUBSCRIPTION_ID, topicFilter, 1));
        // A broker that sends nothing, not even PINGRESP, for one and a half keep-alive periods is gone (3.1.2.10).
        opened.setSoTimeout(keepAliveSeconds > 0 ? keepAliveSeconds * 1500 : 0);
        connected = true;
        log.info("vitals: connected to {} (session kept: {}), subscribing to {}", broker, sessionPresent, topicFilter);
        return in;
    }

    private void read(DataInputStream in) throws IOException, InterruptedException {
        int number = connection.get();
        while (running) {
            switch (MqttPackets.read(in)) {
                case MqttPackets.Publish publish -> listener.arrived(publish.topic(), publish.payload(), publish.packetId(), number);
                case MqttPackets.SubAck(int packetId, var granted) when granted.contains(0x80) ->
                        log.warn("vitals: the broker refused the subscription to {}", topicFilter);
                case MqttPackets.SubAck ignored -> subscribed = true;
                case MqttPackets.PingResp ignored -> {
                }
                case MqttPackets.ConnAck ignored -> throw new MqttPackets.ProtocolException("a second CONNACK");
            }
        }
    }

    private void pingIfQuiet() {
        if (connected && System.nanoTime() - lastSent >= TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2) {
            send(MqttPackets.pingReq());
        }
    }

    /** Writes one or more whole packets; a failure closes the socket, so that the reader reconnects. */
    private void send(byte[] packets) {
        synchronized (writing) {
            OutputStream current = out;
            if (current == null) {
                return;
            }
            try {
                current.write(packets);
                current.flush();
                lastSent = System.nanoTime();
            } catch (IOException e) {
                log.debug("vitals: write to {} failed: {}", broker, e.getMessage());
                closeSocket();
            }
        }
    }

    private void closeSocket() {
        Socket current = socket;
        out = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.debug("vitals: close: {}", e.getMessage());
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(running ? RETRY_PAUSE.toMillis() : 0);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    private SocketFactory socketFactory() {
        return tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault();
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
