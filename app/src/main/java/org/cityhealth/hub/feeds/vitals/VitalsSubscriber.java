package org.cityhealth.hub.feeds.vitals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Subscribes to the vital-signs topics with QoS 1 in a persistent session (fixed client id, clean session off) and
 * stores the readings in batches of {@code batch-size} or {@code batch-time}, whichever comes first, {@code workers}
 * batches at a time (one parses and converts while another commits: on two cores that is most of the gain). A batch's
 * messages are acknowledged to the broker, in one write, only once the batch is committed (or kept in the vault as
 * rejected): a hub that dies before gets the unacknowledged messages again when it reconnects, and the readings' derived
 * ids make storing them again harmless. When the hub cannot store (its database is down) the batch is retried and the
 * feed waits.
 */
@Component
public class VitalsSubscriber implements SmartLifecycle, FeedListener {

    private static final Logger log = LoggerFactory.getLogger(VitalsSubscriber.class);
    /** Messages received but not yet in a batch, in batches: beyond that the broker's connection waits (back-pressure). */
    private static final int QUEUED_BATCHES = 4;
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);

    /** A message waiting for its batch, with what its acknowledgement needs (null at QoS 0: none). */
    private record Received(VitalsIngest.Message message, MqttSubscriber.Delivery delivery) {
    }

    private final VitalsSettings settings;
    private final VitalsIngest ingest;
    private final BlockingQueue<Received> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile MqttSubscriber subscriber;
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
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofPlatform().name("vitals-batches-" + i).start(this::work));
        }
        subscriber = new MqttSubscriber(settings.broker(), settings.clientId(), settings.topic(), KEEP_ALIVE_SECONDS, settings.username(),
                settings.password(), new Arrivals());
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
        // Unacknowledged messages stay with the broker, which sends them again to the next session.
        if (subscriber != null) {
            subscriber.close();
            subscriber = null;
        }
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
        MqttSubscriber current = subscriber;
        return current != null && current.connected();
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

    /** What the subscriber's reading thread hands over: messages to the batch queue, the record of a dropped one to the vault. */
    private final class Arrivals implements MqttSubscriber.Listener {

        @Override
        public void arrived(String topic, byte[] payload, MqttSubscriber.Delivery delivery) throws InterruptedException {
            queue.put(new Received(new VitalsIngest.Message(topic, payload), delivery));
        }

        @Override
        public void dropped(String topic, int size) {
            try {
                ingest.refuseTooLarge(topic, size);
            } catch (VitalsIngest.HubUnavailableException e) {
                // It is acknowledged all the same: kept unacknowledged, it would come first at every connection.
                log.warn("{}", e.getMessage(), e.getCause());
            }
        }
    }

    private void work() {
        List<Received> batch = new ArrayList<>(settings.batchSize());
        while (started) {
            try {
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
            } catch (VitalsIngest.HubUnavailableException | RuntimeException e) {
                // A runtime failure is the hub's too (its database read before the submission, say): the batch waits, the
                // worker stays.
                if (!started) {
                    return;
                }
                log.warn("vitals batch of {} messages not stored: {}; retrying in {}", batch.size(), e.getMessage(), RETRY_PAUSE,
                        e.getCause() != null ? e.getCause() : e);
                Thread.sleep(RETRY_PAUSE.toMillis());
            }
        }
        MqttSubscriber current = subscriber;
        if (current != null) {
            current.acknowledge(batch.stream().map(Received::delivery).toList());
        }
    }
}
