package org.cityhealth.hub.cli;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.cityhealth.hub.feeds.FeedListener;
import org.cityhealth.hub.feeds.hl7.MllpSender;
import org.cityhealth.hub.feeds.vitals.MqttSubscriber;
import org.cityhealth.hub.feeds.vitals.MosquittoBroker;
import org.cityhealth.hub.feeds.vitals.VitalsPublisher;
import org.cityhealth.hub.imaging.SampleStudies;
import org.cityhealth.hub.ledger.LedgerReader;
import org.cityhealth.hub.imaging.StowSender;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The feeds beyond FHIR end to end, each against the running hub over its real protocol: HL7 v2 ORU messages over
 * MLLP, DICOM instances over STOW-RS and C-STORE, vital signs over MQTT through a private Mosquitto (persistent,
 * QoS 1). The baseline of the same run is the FHIR path: the same ORU content posted as FHIR transaction Bundles.
 */
@Command(name = "feeds", mixinStandardHelpOptions = true,
        description = "HL7 v2 messages/s over MLLP, DICOM instances/s and MB/s over STOW-RS and C-STORE, MQTT vital-sign readings/s.")
class BenchFeeds implements Callable<Integer> {

    private static final String SOURCE = "BENCH-FEEDS";
    /** Not under the hub's subscription. */
    private static final String TRANSPORT_TOPIC = "cityhealth-bench/transport/";
    private static final String HUB_TOPIC = "cityhealth/vitals/";
    private static final String CALLING_AE = "BENCHPACS";
    /** Messages (and Bundles) sent before each timed run. */
    private static final int WARM_UP = 200;
    /** The vital-sign warm-up ends when a round's rate is within this share of the round before. */
    private static final double STEADY = 0.05;
    private static final int WARM_UP_ROUNDS = 10;
    /** The transport baseline acknowledges in batches of this size, as the hub does. */
    private static final int ACK_EVERY = 2000;

    @Option(names = "--hl7", defaultValue = "4000", description = "ORU^R01 messages over MLLP (default: ${DEFAULT-VALUE})")
    int hl7Messages;

    @Option(names = "--connections", defaultValue = "4", description = "concurrent MLLP connections (default: ${DEFAULT-VALUE})")
    int connections;

    @Option(names = "--instances", defaultValue = "400", description = "DICOM instances per protocol (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--image-size", defaultValue = "512", description = "rows and columns of the 16-bit CT images (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--readings", defaultValue = "1000000", description = "vital-sign readings over MQTT (default: ${DEFAULT-VALUE})")
    int readings;

    @Option(names = "--per-message", defaultValue = "5",
            description = "readings in one MQTT message, a JSON array when more than one: a monitor's frame of the five signs"
                    + " (default: ${DEFAULT-VALUE})")
    int perMessage;

    @Option(names = "--persons", defaultValue = "200", description = "persons the readings are about (default: ${DEFAULT-VALUE})")
    int persons;

    @Option(names = "--db", description = "PostgreSQL instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/test")
    String postgres;

    @Override
    public Integer call() throws Exception {
        Path data = Files.createTempDirectory("cityhealth-bench-feeds-");
        try (MosquittoBroker broker = MosquittoBroker.start()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("cityhealth.feeds.hl7.mllp-port", 0);
            settings.put("cityhealth.imaging.dicom-port", 0);
            settings.put("cityhealth.imaging.calling-ae[" + CALLING_AE + "]", SOURCE);
            settings.put("cityhealth.feeds.vitals.broker", broker.uri());
            try (BenchHub hub = BenchHub.start(postgres, settings, data.resolve("hub"))) {
                String token = hub.bean(SourceRegistry.class).register(new NewSource(SOURCE, "接入压测医院", "三级甲等", "上城区", "HOSPITAL")).token();
                System.out.printf("feeds bench on %s, 2 cores shared; each figure is one run (quote medians over runs)%n",
                        postgres == null ? "H2" : "PostgreSQL");
                hl7(hub, token);
                dicom(hub, token);
                vitals(hub, broker);
            }
        }
        return 0;
    }

    private void hl7(BenchHub hub, String token) throws Exception {
        int port = listenerPort(hub, "feeds.kind.hl7");
        int patients = Math.max(1, hl7Messages / 4);
        // Messages of their own warm both paths up (JIT, caches): the measured ones are all new to the hub, none a resend.
        List<byte[]> messages = new ArrayList<>(hl7Messages + WARM_UP);
        for (int i = 0; i < hl7Messages + WARM_UP; i++) {
            messages.add(MllpSender.sampleResult(SOURCE, i, patients));
        }
        MllpSender.Result warmup = MllpSender.run("127.0.0.1", port, messages.subList(hl7Messages, messages.size()), connections);
        MllpSender.Result result = MllpSender.run("127.0.0.1", port, messages.subList(0, hl7Messages), connections);
        System.out.printf("HL7 v2 ORU^R01 over MLLP  %,d messages (%d AA), %d connections: %,.0f messages/s, p50 %.1f ms, p99 %.1f ms"
                        + " (warm-up %,d)%n", result.messages(), result.accepted(), connections, result.messagesPerSecond(),
                result.p50Millis(), result.p99Millis(), warmup.messages());
        fhirBaseline(hub, token, patients, hl7Messages, WARM_UP);
        Rate fhir = fhirBaseline(hub, token, patients, 0, hl7Messages);
        System.out.printf("baseline: the same content as FHIR transaction Bundles on POST /fhir, %d senders: %,.0f bundles/s, p50 %.1f ms,"
                + " p99 %.1f ms; HL7 v2 / FHIR = %.2f%n", connections, fhir.perSecond(), fhir.p50(), fhir.p99(),
                result.messagesPerSecond() / fhir.perSecond());
    }

    private record Rate(double perSecond, double p50, double p99) {
    }

    /** Patient, DiagnosticReport and two Observations per Bundle: what one ORU^R01 of the HL7 run becomes. */
    private Rate fhirBaseline(BenchHub hub, String token, int patients, int first, int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        AtomicInteger next = new AtomicInteger(first);
        List<Future<List<Double>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < connections; t++) {
            futures.add(senders.submit(() -> {
                List<Double> latencies = new ArrayList<>();
                for (int i; (i = next.getAndIncrement()) < first + count; ) {
                    long sent = System.nanoTime();
                    var response = hub.client.send(HttpRequest.newBuilder(URI.create(hub.url + "/fhir"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/fhir+json")
                            .POST(HttpRequest.BodyPublishers.ofString(resultBundle(i, i % patients))).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("FHIR baseline bundle " + i + " answered " + response.statusCode());
                    }
                    latencies.add((System.nanoTime() - sent) / 1e6);
                }
                return latencies;
            }));
        }
        List<Double> all = new ArrayList<>();
        for (var future : futures) {
            all.addAll(future.get());
        }
        senders.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Rate(count / seconds, BenchHub.percentile(sorted, 50), BenchHub.percentile(sorted, 99));
    }

    private static String resultBundle(int index, int patient) {
        return """
                {"resourceType":"Bundle","type":"transaction","entry":[
                 {"resource":{"resourceType":"Patient","id":"FP%2$d","identifier":[{"system":"urn:cityhealth:bench:mrn","value":"FP%2$d"}],
                   "name":[{"family":"测试","given":["患者%2$d"]}],"gender":"female","birthDate":"1980-01-01"},"request":{"method":"PUT","url":"Patient/FP%2$d"}},
                 {"resource":{"resourceType":"DiagnosticReport","id":"FO%1$d","status":"final",
                   "code":{"coding":[{"system":"http://loinc.org","code":"58410-2"}]},"subject":{"reference":"Patient/FP%2$d"},
                   "effectiveDateTime":"2025-03-01T08:00:00+08:00","result":[{"reference":"Observation/FO%1$d-1"},{"reference":"Observation/FO%1$d-2"}]},
                  "request":{"method":"PUT","url":"DiagnosticReport/FO%1$d"}},
                 {"resource":{"resourceType":"Observation","id":"FO%1$d-1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"718-7"}]},
                   "subject":{"reference":"Patient/FP%2$d"},"effectiveDateTime":"2025-03-01T08:00:00+08:00",
                   "valueQuantity":{"value":%3$d,"unit":"g/L","system":"http://unitsofmeasure.org","code":"g/L"},
                   "referenceRange":[{"low":{"value":115,"unit":"g/L"},"high":{"value":150,"unit":"g/L"}}]},"request":{"method":"PUT","url":"Observation/FO%1$d-1"}},
                 {"resource":{"resourceType":"Observation","id":"FO%1$d-2","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"6690-2"}]},
                   "subject":{"reference":"Patient/FP%2$d"},"effectiveDateTime":"2025-03-01T08:00:00+08:00",
                   "valueQuantity":{"value":%4$d.2,"unit":"10*9/L","system":"http://unitsofmeasure.org","code":"10*9/L"}},"request":{"method":"PUT","url":"Observation/FO%1$d-2"}}
                ]}""".formatted(index, patient, 110 + index % 60, 4 + index % 7);
    }

    private void dicom(BenchHub hub, String token) throws Exception {
        StowSender sender = new StowSender();
        String seed = Long.toString(System.nanoTime());
        List<byte[]> stow = SampleStudies.chestCt("bench-stow-" + seed, "BENCH-1", "Bench^Ceshi=压测^一", "20261124", instances, imageSize);
        List<byte[]> cstore = SampleStudies.chestCt("bench-cstore-" + seed, "BENCH-2", "Bench^Ceshi=压测^二", "20261124", instances, imageSize);
        StowSender.Result overHttp = sender.stow(hub.url, token, stow, 10);
        print("DICOM over STOW-RS (10 a request)", overHttp);
        StowSender.Result overDimse = sender.cStore("127.0.0.1", listenerPort(hub, "feeds.kind.dicom"), CALLING_AE, "CITYHEALTH", cstore);
        print("DICOM over C-STORE (one association)", overDimse);
    }

    private static int listenerPort(BenchHub hub, String kind) {
        return hub.beans(FeedListener.class).stream().filter(listener -> listener.kind().equals(kind)).mapToInt(FeedListener::port)
                .filter(port -> port > 0).findFirst().orElseThrow(() -> new IllegalStateException(kind + " is not listening"));
    }

    private static void print(String what, StowSender.Result result) {
        System.out.printf("%-38s %,d instances (%d failed), %.1f MB: %,.1f instances/s, %.1f MB/s, request p50 %.1f ms, p99 %.1f ms%n",
                what, result.instances(), result.failed(), result.bytes() / 1e6, result.instancesPerSecond(), result.megabytesPerSecond(),
                result.p50Millis(), result.p99Millis());
    }

    /**
     * Waits until the ledger has sequenced the earlier phases' entries (up to two minutes): otherwise the next phase shares
     * the machine with that backlog and measures both.
     */
    private static void settle(BenchHub hub) throws InterruptedException {
        LedgerReader ledger = hub.bean(LedgerReader.class);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ledger.head().outbox() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    private void vitals(BenchHub hub, MosquittoBroker broker) throws Exception {
        // The hub's own counter of stored readings: polling a count(*) of the table cost the hub more than half its CPU on H2.
        Counter stored = hub.bean(MeterRegistry.class).counter("cityhealth.ingest.device-observations");
        settle(hub);
        WarmUp warmUp = warmUp(broker, stored);
        long before = (long) stored.count();
        long start = System.nanoTime();
        publish(broker, readings, OffsetDateTime.parse("2026-11-24T08:00:00+08:00"), HUB_TOPIC);
        double published = readings / ((System.nanoTime() - start) / 1e9);
        double rate = VitalsPublisher.awaitStored(() -> (long) stored.count(), before + readings, readings, start, Duration.ofMinutes(30));
        System.out.printf("vital signs over MQTT (QoS 1)        %,d readings of %,d persons, %d a message: published %,.0f/s,"
                + " stored %,.0f readings/s (warm-up %d rounds of %,d, the last %,.0f/s)%n", readings, persons, perMessage,
                published, rate, warmUp.rounds(), warmUp.round(), warmUp.lastRate());
        double carried = transportOnly(broker);
        System.out.printf("baseline: the same messages to a subscriber that stores nothing: %,.0f readings/s; stored / carried = %.2f%n",
                carried, rate / carried);
    }

    /** The monitors: publish {@code count} readings from {@code start} on topics under {@code topicPrefix}, until all are acknowledged. */
    private void publish(MosquittoBroker broker, int count, OffsetDateTime start, String topicPrefix) throws Exception {
        try (VitalsPublisher publisher = new VitalsPublisher(broker.uri(), SOURCE, topicPrefix)) {
            publisher.publish(count, persons, perMessage, start);
            publisher.flush();
        }
    }

    private record WarmUp(int rounds, int round, double lastRate) {
    }

    /**
     * Rounds of their own before the measured one, until a round stores within {@link #STEADY} of the round before (at
     * least three rounds, at most {@link #WARM_UP_ROUNDS}): the monitors' patients become known to the hub (as admitted
     * patients are) and the measured readings, all new to the hub, are stored by code the JIT has compiled, as in a hub
     * that has run for a while. A fixed tenth of the readings was too little with one reading a message: the per-batch
     * code runs a few times a second, so C2 reached it during the measured round and took a sixth of the machine.
     */
    private WarmUp warmUp(MosquittoBroker broker, Counter stored) throws Exception {
        int round = Math.max(persons * 10, Math.min(readings / 10, 30_000));
        double previous = 0;
        double rate = 0;
        int rounds = 0;
        while (rounds < WARM_UP_ROUNDS && (rounds < 3 || Math.abs(rate - previous) > STEADY * previous)) {
            previous = rate;
            long before = (long) stored.count();
            long start = System.nanoTime();
            // Each round a day earlier than the last, so that every reading is new.
            publish(broker, round, OffsetDateTime.parse("2026-11-23T08:00:00+08:00").minusDays(rounds), HUB_TOPIC);
            rate = VitalsPublisher.awaitStored(() -> (long) stored.count(), before + round, round, start, Duration.ofMinutes(10));
            rounds++;
        }
        return new WarmUp(rounds, round, rate);
    }

    /**
     * What the broker and the MQTT clients alone carry on this machine: the same messages, published the same way, to the
     * hub's own subscriber, which here stores nothing and acknowledges every 2,000 messages (the hub's batch size). The
     * hub cannot store faster than this, so it is the figure the stored rate is compared with.
     */
    private double transportOnly(MosquittoBroker broker) throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicReference<MqttSubscriber> subscriber = new AtomicReference<>();
        List<MqttSubscriber.Delivery> unacknowledged = new ArrayList<>(ACK_EVERY);
        // Runs on the subscriber's reading thread only.
        MqttSubscriber.Listener counting = (topic, payload, delivery) -> {
            received.incrementAndGet();
            unacknowledged.add(delivery);
            if (unacknowledged.size() >= ACK_EVERY && subscriber.get() != null) {
                subscriber.get().acknowledge(unacknowledged);
                unacknowledged.clear();
            }
        };
        try (MqttSubscriber transport = new MqttSubscriber(broker.uri(), "cityhealth-bench-transport-" + System.nanoTime(),
                TRANSPORT_TOPIC + "#", 30, counting)) {
            subscriber.set(transport);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (!transport.connected()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the transport baseline's subscriber did not connect to " + broker.uri());
                }
                Thread.sleep(10);
            }
            long start = System.nanoTime();
            publish(broker, readings, OffsetDateTime.parse("2026-11-25T08:00:00+08:00"), TRANSPORT_TOPIC);
            long messages = (readings + perMessage - 1) / perMessage;
            return VitalsPublisher.awaitStored(received::get, messages, readings, start, Duration.ofMinutes(10));
        }
    }

}
