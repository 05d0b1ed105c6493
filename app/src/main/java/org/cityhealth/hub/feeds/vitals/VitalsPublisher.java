package org.cityhealth.hub.feeds.vitals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.cityhealth.identity.ResidentId;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.springframework.modulith.NamedInterface;

/**
 * Publishes synthetic bedside readings at QoS 1, as a ward's monitors would, for benchmarks and tests: reading
 * {@code i} is about person {@code i % persons} (a valid resident ID derived from the index), its sign cycles
 * through the five kinds, and its time advances a second per round, so every reading of a run is distinct and
 * a second run with another {@code start} never collides with the first.
 */
@NamedInterface("clients")
public final class VitalsPublisher implements AutoCloseable {

    /** QoS 1 publications the client keeps unacknowledged at once; Paho's default of 10 caps the rate near 1,000/s. */
    private static final int MAX_IN_FLIGHT = 1000;
    private static final String[] TYPES = {"heart-rate", "spo2", "blood-pressure", "temperature", "respiration"};

    private final MqttAsyncClient client;
    private final String sourceCode;
    private final String topicPrefix;
    /**
     * Publications not yet acknowledged. Waiting here rather than on Paho's "too many in flight" refusal matters: Paho
     * takes a message id before it refuses, and never gives it back, so a publisher retrying on refusals ends up
     * searching the 65,535 ids for a free one at every message (that took a core and capped one-reading messages at
     * 7,500/s).
     */
    private final Semaphore window = new Semaphore(MAX_IN_FLIGHT);
    private final IMqttActionListener released = new IMqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            window.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            window.release();
        }
    };

    /** Connects to {@code broker} ({@code tcp://host:port}) to publish as the registered source {@code sourceCode}. */
    public VitalsPublisher(String broker, String sourceCode) throws MqttException {
        this(broker, sourceCode, "cityhealth/vitals/");
    }

    /** As {@link #VitalsPublisher(String, String)}, on topics under {@code topicPrefix} instead of the hub's. */
    public VitalsPublisher(String broker, String sourceCode, String topicPrefix) throws MqttException {
        this.sourceCode = Objects.requireNonNull(sourceCode, "sourceCode is null");
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix is null");
        client = new MqttAsyncClient(broker, "cityhealth-vitals-publisher-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(MAX_IN_FLIGHT);
        options.setCleanSession(true);
        client.connect(options).waitForCompletion();
    }

    /** The resident ID of synthetic person {@code person}. */
    public static String residentId(int person) {
        return ResidentId.of("440305", LocalDate.of(1940, 1, 1).plusDays(person % 25_000), person / 25_000 + 1).value();
    }

    /**
     * Publishes {@code readings} readings for {@code persons} persons, {@code perMessage} readings to a message (a JSON
     * array when more than one), their times counted from {@code start}; returns when the broker has them all.
     */
    public void publish(int readings, int persons, int perMessage, OffsetDateTime start) throws MqttException {
        if (readings < 0 || persons < 1 || perMessage < 1) {
            throw new IllegalArgumentException("readings ≥ 0, persons ≥ 1 and perMessage ≥ 1 expected");
        }
        StringBuilder payload = new StringBuilder();
        for (int first = 0; first < readings; first += perMessage) {
            int last = Math.min(readings, first + perMessage);
            payload.setLength(0);
            if (perMessage > 1) {
                payload.append('[');
            }
            for (int i = first; i < last; i++) {
                if (i > first) {
                    payload.append(',');
                }
                appendReading(payload, i, persons, start);
            }
            if (perMessage > 1) {
                payload.append(']');
            }
            publish(topicPrefix + sourceCode + "/MON-" + (first % persons), payload.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Publishes one payload as it is, good or bad, at QoS 1 on {@code topic}. */
    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(e);
        }
        try {
            client.publish(topic, message, null, released);
        } catch (MqttException | RuntimeException e) {
            window.release();
            throw e;
        }
    }

    /** Waits until every publication has been acknowledged by the broker. */
    public void flush() throws MqttException {
        try {
            window.acquire(MAX_IN_FLIGHT);
            window.release(MAX_IN_FLIGHT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(e);
        }
    }

    /**
     * Waits until {@code stored} (e.g. a count of the hub's Observations) reaches {@code target} and returns the readings
     * per second since {@code sinceNanos} ({@link System#nanoTime()} when publishing began) for {@code readings} readings.
     */
    public static double awaitStored(LongSupplier stored, long target, int readings, long sinceNanos, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long count;
        while ((count = stored.getAsLong()) < target) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(count + " of " + target + " stored after " + timeout);
            }
            Thread.sleep(50);
        }
        return readings / ((System.nanoTime() - sinceNanos) / 1e9);
    }

    private static void appendReading(StringBuilder out, int index, int persons, OffsetDateTime start) {
        int person = index % persons;
        int round = index / persons;
        String type = TYPES[round % TYPES.length];
        OffsetDateTime time = start.plusSeconds(round / TYPES.length).withOffsetSameInstant(ZoneOffset.ofHours(8));
        out.append("{\"device\":\"MON-").append(person).append("\",\"person\":\"").append(residentId(person))
                .append("\",\"time\":\"").append(time).append("\",\"type\":\"").append(type).append("\",\"value\":");
        switch (type) {
            case "heart-rate" -> out.append(55 + index % 50).append(",\"unit\":\"/min\"");
            case "spo2" -> out.append(88 + index % 12).append(",\"unit\":\"%\"");
            case "blood-pressure" -> out.append("{\"systolic\":").append(100 + index % 60).append(",\"diastolic\":").append(60 + index % 40)
                    .append("},\"unit\":\"mm[Hg]\"");
            case "temperature" -> out.append("36.").append(index % 10).append(",\"unit\":\"Cel\"");
            default -> out.append(10 + index % 15).append(",\"unit\":\"/min\"");
        }
        out.append('}');
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion();
        }
        client.close();
    }
}
