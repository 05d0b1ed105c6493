package org.cityhealth.hub.feeds.vitals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.source.Source;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Subscribes to the vital-signs topics with QoS 1 in a persistent session (fixed client id, clean session off) and
 * stores the readings in batches of {@code batch-size} or {@code batch-time}, whichever comes first, {@code workers}
 * batches at a time (one parses and converts while another commits: on two cores that is most of the gain). A message is
 * acknowledged to the broker only once its batch is committed (or kept in the vault as rejected): a hub that dies
 * before gets the unacknowledged messages again when it reconnects, and the readings' derived ids make storing
 * them again harmless. When the hub cannot store (its database is down) the batch is retried and the feed waits.
 */
@Component
public class VitalsSubscriber implements SmartLifecycle, FeedListener {

    private static final Logger log = LoggerFactory.getLogger(VitalsSubscriber.class);
    /** Messages received but not yet in a batch, in batches: beyond that the broker's connection waits (back-pressure). */
    private static final int QUEUED_BATCHES = 4;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    private static final Duration QUIESCE = Duration.ofSeconds(5);

    /** A message waiting for its batch, with what its acknowledgement needs. */
    private record Received(VitalsIngest.Message message, int id, int qos, int connection) {
    }

    private final VitalsSettings settings;
    private final VitalsIngest ingest;
    private final BlockingQueue<Received> queue;
    /**
     * Counts lost connections: an acknowledgement belongs to the connection its message came on. Paho reports a loss
     * on the thread that delivers messages, so every message after it carries the new number.
     */
    private final AtomicInteger connection = new AtomicInteger();
    private volatile boolean everConnected;
    private volatile MqttAsyncClient client;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean started;

    VitalsSubscriber(VitalsSettings settings, VitalsIngest ingest) {
        this.settings = settings;
        this.ingest = ingest;
        this.queue = new ArrayBlockingQueue<>(settings.batchSize() * Math.max(QUEUED_BATCHES, settings.workers() + 1));
    }

    @Override
    public synchronized void start() {
        if (started || settings.broker().isBlank()) {
            return;
        }
        started = true;
        everConnected = false;
        // The first worker also keeps the connection; the others only store what the queue gives them.
        for (int i = 0; i < settings.workers(); i++) {
            boolean connects = i == 0;
            workers.add(Thread.ofPlatform().name("vitals-batches-" + i).start(() -> work(connects)));
        }
    }

    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        // No interrupt: the worker finishes the batch in hand (an interrupted H2 file channel closes the database).
        started = false;
        try {
            for (Thread worker : workers) {
                worker.join(Duration.ofMinutes(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.clear();
        // Unacknowledged messages stay with the broker, which sends them again to the next session. Clearing first frees
        // a delivery waiting for room, which would hold up the disconnect.
        queue.clear();
        disconnect();
        queue.clear();
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** The feed's state for the operator. */
    @Override
    public String kind() {
        return "feeds.kind.vitals";
    }

    @Override
    public boolean running() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    @Override
    public Optional<String> endpoint() {
        return settings.broker().isBlank() ? Optional.empty() : Optional.of(settings.broker() + " · " + settings.topic());
    }

    @Override
    public String howToConnect(Source source) {
        String prefix = settings.topic().endsWith("#") ? settings.topic().substring(0, settings.topic().length() - 1) : settings.topic() + "/";
        return "topic " + prefix + source.code() + "/<device>, QoS 1, JSON";
    }

    private void work(boolean connects) {
        List<Received> batch = new ArrayList<>(settings.batchSize());
        while (started) {
            try {
                if (connects && (client == null || !client.isConnected() && !everConnected)) {
                    connect();
                    continue;
                }
                Received first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + settings.batchTime().toNanos();
                while (batch.size() < settings.batchSize()) {
                    Received next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                storeAndAcknowledge(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void storeAndAcknowledge(List<Received> batch) throws InterruptedException {
        List<VitalsIngest.Message> messages = batch.stream().map(Received::message).toList();
        while (true) {
            try {
                ingest.store(messages);
                break;
            } catch (VitalsIngest.HubUnavailableException e) {
                if (!started) {
                    return;
                }
                log.warn("{}; retrying in {}", e.getMessage(), RETRY_PAUSE, e.getCause());
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
        MqttAsyncClient current = client;
        int live = connection.get();
        for (Received received : batch) {
            // A message of an earlier connection is sent again by the broker on this one; its old id may name another message now.
            if (received.connection() == live && received.qos() > 0 && current != null) {
                try {
                    current.messageArrivedComplete(received.id(), received.qos());
                } catch (MqttException e) {
                    log.debug("acknowledgement of message {} not sent: {}", received.id(), e.getMessage());
                }
            }
        }
    }

    private void connect() {
        try {
            if (client == null) {
                MqttAsyncClient created = new MqttAsyncClient(settings.broker(), settings.clientId(), new MemoryPersistence());
                created.setManualAcks(true);
                created.setCallback(new Callback());
                client = created;
            }
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            options.setAutomaticReconnect(true);
            options.setKeepAliveInterval(30);
            options.setConnectionTimeout(10);
            client.connect(options).waitForCompletion();
        } catch (MqttException e) {
            // Paho reconnects by itself only after a first connection: until then, this loop tries again.
            log.warn("vitals: cannot connect to MQTT broker {}: {}", settings.broker(), e.getMessage());
            try {
                Thread.sleep(RETRY_PAUSE.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void disconnect() {
        MqttAsyncClient current = client;
        client = null;
        if (current == null) {
            return;
        }
        try {
            if (current.isConnected()) {
                // The quiesce time lets the acknowledgements of the last batch reach the broker first.
                current.disconnect(QUIESCE.toMillis()).waitForCompletion(QUIESCE.multipliedBy(2).toMillis());
            }
        } catch (MqttException e) {
            log.debug("vitals: disconnect: {}", e.getMessage());
        }
        try {
            current.close(true);
        } catch (MqttException e) {
            log.debug("vitals: close: {}", e.getMessage());
        }
    }

    private final class Callback implements MqttCallbackExtended {

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            everConnected = true;
            log.info("vitals: connected to {}, subscribing to {}", serverUri, settings.topic());
            try {
                // Also after a reconnect: a broker that lost its sessions has forgotten the subscription.
                client.subscribe(settings.topic(), 1);
            } catch (MqttException e) {
                log.warn("vitals: cannot subscribe to {}: {}", settings.topic(), e.getMessage());
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            connection.incrementAndGet();
            log.warn("vitals: connection to {} lost: {}", settings.broker(), cause == null ? "?" : cause.getMessage());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
            queue.put(new Received(new VitalsIngest.Message(topic, message.getPayload()), message.getId(), message.getQos(), connection.get()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // The hub only subscribes.
        }
    }
}
