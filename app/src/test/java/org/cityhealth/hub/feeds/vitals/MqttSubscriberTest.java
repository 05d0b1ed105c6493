package org.cityhealth.hub.feeds.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's subscriber against a real Mosquitto, published to by Paho: messages arrive as published, acknowledgements
 * leave in arrival order and only on their own connection, unacknowledged messages come again on the next connection
 * and after a broker restart, which is reconnected to.
 */
class MqttSubscriberTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static MosquittoBroker broker;

    /** What arrived. */
    private record Arrival(String topic, String payload, MqttSubscriber.Delivery delivery) {
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
    void acknowledgementsLeaveInArrivalOrderOnTheirOwnConnectionAndTheRestComesAgain() throws Exception {
        String clientId = "subscriber-" + System.nanoTime();
        List<Arrival> first = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "wards/+/bed", first)) {
            await(subscriber::connected);
            publish("wards/icu/bed", 0, 10);
            await(() -> first.size() == 10);
            assertThat(first).extracting(Arrival::payload).containsExactly(payloads(0, 10));
            assertThat(first).extracting(Arrival::topic).containsOnly("wards/icu/bed");
            assertThat(first).extracting(Arrival::delivery).doesNotContainNull();
            // 0-5 and 7-9 are done; 6 is not, so 7-9 must wait for it (MQTT-4.6.0-2): only 0-5 are acknowledged.
            subscriber.acknowledge(deliveries(first, 7, 10));
            subscriber.acknowledge(deliveries(first, 0, 6));
            Thread.sleep(300);
        }
        List<Arrival> second = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "wards/+/bed", second)) {
            await(() -> second.size() == 4);
            assertThat(second).extracting(Arrival::payload).containsExactly(payloads(6, 10));
            // Deliveries of the first connection mean nothing on this one.
            subscriber.acknowledge(deliveries(first, 6, 10));
            Thread.sleep(300);
        }
        List<Arrival> third = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "wards/+/bed", third)) {
            await(() -> third.size() == 4);
            assertThat(third).extracting(Arrival::payload).containsExactly(payloads(6, 10));
            subscriber.acknowledge(deliveries(third, 0, 4));
            Thread.sleep(300);
        }
        List<Arrival> fourth = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "wards/+/bed", fourth)) {
            await(subscriber::connected);
            Thread.sleep(500);
            assertThat(fourth).isEmpty();
        }
    }

    @Test
    void reconnectsWhenTheBrokerRestartsAndGetsItsUnacknowledgedMessageAgain() throws Exception {
        List<Arrival> arrived = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber("restarts-" + System.nanoTime(), "restart/#", arrived)) {
            await(subscriber::connected);
            publish("restart/a", 0, 4);
            await(() -> arrived.size() == 4);
            subscriber.acknowledge(deliveries(arrived, 0, 3));
            Thread.sleep(300);
            broker.stop();
            await(() -> !subscriber.connected());
            broker.restart();
            await(subscriber::connected);
            publish("restart/b", 4, 7);
            await(() -> arrived.size() >= 8);
            Thread.sleep(300);
            assertThat(arrived.subList(4, arrived.size())).extracting(Arrival::payload).containsExactlyInAnyOrder(payloads(3, 7));
        }
    }

    @Test
    void theConnectionOutlivesAListenerThatBlocksForManyKeepAlivePeriods() throws Exception {
        String clientId = "blocked-" + System.nanoTime();
        List<Arrival> arrived = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        // As when the hub's database is down: the reading thread waits for room in the batch queue and reads nothing.
        MqttSubscriber.Listener blocking = (topic, payload, delivery) -> {
            arrived.add(new Arrival(topic, new String(payload, StandardCharsets.UTF_8), delivery));
            release.await();
        };
        try (MqttSubscriber subscriber = new MqttSubscriber(broker.uri(), clientId, "blocked/#", 1, blocking)) {
            await(subscriber::connected);
            publish("blocked/a", 0, 3);
            await(() -> arrived.size() == 1);
            // Mosquitto drops a client that sends nothing for 1.5 keep-alive periods (it checks every few seconds: without
            // the pings this one was dropped after 6 s); only the pings can keep it.
            Thread.sleep(9_000);
            release.countDown();
            await(() -> arrived.size() == 3);
            Thread.sleep(300);
            // Had the connection been lost, the broker would have sent the first message again on the next one.
            assertThat(arrived).extracting(Arrival::payload).containsExactly(payloads(0, 3));
            assertThat(subscriber.connected()).isTrue();
            subscriber.acknowledge(deliveries(arrived, 0, 3));
            Thread.sleep(300);
        }
        List<Arrival> again = new CopyOnWriteArrayList<>();
        try (MqttSubscriber subscriber = subscriber(clientId, "blocked/#", again)) {
            await(subscriber::connected);
            Thread.sleep(500);
            assertThat(again).isEmpty();
        }
    }

    @Test
    void aBrokerThatWantsALoginLetsTheHubInWithItsOwnAndSaysWhyItRefusesAWrongOne() throws Exception {
        try (MosquittoBroker guarded = Mosquittos.start("hub-vitals", "s3cret-例")) {
            List<Arrival> arrived = new CopyOnWriteArrayList<>();
            MqttSubscriber.Listener listener = (topic, payload, delivery) ->
                    arrived.add(new Arrival(topic, new String(payload, StandardCharsets.UTF_8), delivery));
            try (MqttSubscriber wrong = new MqttSubscriber(guarded.uri(), "wrong-" + System.nanoTime(), "login/#", 5, "hub-vitals", "guess",
                    listener);
                 MqttSubscriber anonymous = new MqttSubscriber(guarded.uri(), "anonymous-" + System.nanoTime(), "login/#", 5, listener)) {
                await(() -> wrong.problem() != null && anonymous.problem() != null);
                assertThat(wrong.problem()).contains("refused the connection").containsAnyOf("bad user name or password", "not authorized");
                assertThat(anonymous.problem()).contains("refused the connection");
                assertThat(wrong.connected()).isFalse();
            }
            try (MqttSubscriber hub = new MqttSubscriber(guarded.uri(), "hub-" + System.nanoTime(), "login/#", 5, "hub-vitals", "s3cret-例",
                    listener)) {
                await(hub::connected);
                assertThat(hub.problem()).isNull();
                MqttClient publisher = new MqttClient(guarded.uri(), "publisher-" + System.nanoTime(), new MemoryPersistence());
                MqttConnectOptions login = new MqttConnectOptions();
                login.setUserName("hub-vitals");
                login.setPassword("s3cret-例".toCharArray());
                publisher.connect(login);
                try {
                    publisher.publish("login/a", "reading".getBytes(StandardCharsets.UTF_8), 1, false);
                } finally {
                    publisher.disconnect();
                    publisher.close();
                }
                await(() -> arrived.size() == 1);
                assertThat(arrived.getFirst().payload()).isEqualTo("reading");
            }
        }
        assertThatThrownBy(() -> new MqttSubscriber("tcp://127.0.0.1:1", "x", "t", 5, "", "pw", (topic, payload, delivery) -> { }))
                .hasMessageContaining("needs a user name");
    }

    @Test
    void aBrokerUriIsTcpOrSsl() {
        assertThat(MqttSubscriber.brokerUri("ssl://mqtt.example.org:8883").getHost()).isEqualTo("mqtt.example.org");
        assertThatThrownBy(() -> MqttSubscriber.brokerUri("mqtt.example.org:1883")).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> MqttSubscriber.brokerUri("ws://mqtt.example.org")).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> MqttSubscriber.brokerUri("tcp://bad host")).hasMessageContaining("is not a URI");
        assertThatThrownBy(() -> new MqttSubscriber("tcp://127.0.0.1:1", "x", "t", 0, (topic, payload, delivery) -> { }))
                .hasMessageContaining("keep-alive");
    }

    private static MqttSubscriber subscriber(String clientId, String filter, List<Arrival> arrivals) {
        return new MqttSubscriber(broker.uri(), clientId, filter, 5, (topic, payload, delivery) ->
                arrivals.add(new Arrival(topic, new String(payload, StandardCharsets.UTF_8), delivery)));
    }

    private static List<MqttSubscriber.Delivery> deliveries(List<Arrival> arrivals, int from, int to) {
        return arrivals.subList(from, to).stream().map(Arrival::delivery).toList();
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
