package org.cityhealth.hub.feeds.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's subscriber against a real Mosquitto, published to by Paho: messages arrive as published, acknowledged ones
 * are gone from the session, unacknowledged ones come again on the next connection, and a restarted broker is reconnected
 * to.
 */
class MqttSubscriberTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MosquittoBroker broker;

    /** What arrived: payload as text, packet id, connection. */
    private record Arrival(String topic, String payload, int packetId, int connection) {
    }

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Mosquittos.start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void unacknowledgedMessagesComeAgainOnTheNextConnectionAndAcknowledgedOnesDoNot() throws Exception {
        String clientId = "subscriber-" + System.nanoTime();
        List<Arrival> first = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "wards/+/bed", first)) {
            await(subscriber::connected);
            publish("wards/icu/bed", 0, 10);
            await(() -> first.size() == 10);
            assertThat(first).extracting(Arrival::payload).containsExactly(payloads(0, 10));
            assertThat(first).extracting(Arrival::topic).containsOnly("wards/icu/bed");
            assertThat(first).extracting(Arrival::packetId).doesNotContain(0).doesNotHaveDuplicates();
            int connection = first.getFirst().connection();
            // The first six are acknowledged, in one write.
            subscriber.acknowledge(connection, first.stream().mapToInt(Arrival::packetId).toArray(), 6);
            // An acknowledgement for a connection that is not the current one is not sent.
            subscriber.acknowledge(connection + 1, first.stream().skip(6).mapToInt(Arrival::packetId).toArray(), 4);
            Thread.sleep(300);
        }
        List<Arrival> second = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "wards/+/bed", second)) {
            await(() -> second.size() == 4);
            Thread.sleep(300);
            assertThat(second).extracting(Arrival::payload).containsExactly(payloads(6, 10));
        }
    }

    @Test
    void reconnectsWhenTheBrokerRestartsAndGetsWhatWasPublishedMeanwhile() throws Exception {
        List<Arrival> arrived = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber("restarts-" + System.nanoTime(), "restart/#", arrived)) {
            await(subscriber::connected);
            publish("restart/a", 0, 4);
            await(() -> arrived.size() == 4);
            int before = arrived.getLast().connection();
            arrived.forEach(arrival -> subscriber.acknowledge(before, new int[] {arrival.packetId()}, 1));
            Thread.sleep(300);
            broker.stop();
            await(() -> !subscriber.connected());
            broker.restart();
            await(subscriber::connected);
            publish("restart/b", 4, 7);
            await(() -> arrived.size() >= 7);
            Thread.sleep(300);
            assertThat(arrived.subList(4, arrived.size())).extracting(Arrival::payload).containsExactly(payloads(4, 7));
            assertThat(arrived.subList(4, arrived.size())).extracting(Arrival::connection).containsOnly(before + 1);
        }
    }

    @Test
    void aBrokerUriIsTcpOrSsl() {
        assertThat(MqttSubscriber.brokerUri("ssl://mqtt.example.org:8883").getHost()).isEqualTo("mqtt.example.org");
        assertThatThrownBy(() -> MqttSubscriber.brokerUri("mqtt.example.org:1883")).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> MqttSubscriber.brokerUri("ws://mqtt.example.org")).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> MqttSubscriber.brokerUri("tcp://bad host")).hasMessageContaining("is not a URI");
    }

    private static MqttSubscriber subscriber(String clientId, String filter, List<Arrival> arrivals) {
        return new MqttSubscriber(broker.uri(), clientId, filter, 5, (topic, payload, packetId, connection) ->
                arrivals.add(new Arrival(topic, new String(payload, StandardCharsets.UTF_8), packetId, connection)));
    }

    private static void publish(String topic, int from, int to) throws Exception {
        MqttClient publisher = new MqttClient(broker.uri(), "publisher-" + System.nanoTime(), new MemoryPersistence());
        publisher.connect(new MqttConnectOptions());
        try {
            for (int i = from; i < to; i++) {
                publisher.publish(topic, ("message " + i).getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            publisher.disconnect();
            publisher.close();
        }
    }

    private static String[] payloads(int from, int to) {
        return java.util.stream.IntStream.range(from, to).mapToObj(i -> "message " + i).toArray(String[]::new);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
