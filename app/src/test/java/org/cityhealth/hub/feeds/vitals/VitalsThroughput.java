package org.cityhealth.hub.feeds.vitals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.cityhealth.hub.TestDatabases;
import org.cityhealth.hub.source.NewSource;
import org.cityhealth.hub.source.SourceRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Measures, does not assert: readings per second stored on H2 (1) through the batch path alone, messages handed
 * to {@link VitalsIngest} in batches as the subscriber forms them, and (2) end to end, published at QoS 1 to a
 * Mosquitto of its own and stored by the subscriber. Run with
 * {@code ./mvnw -o -q -pl app test -Dtest=VitalsThroughput -Dvitals.throughput=true [-Dvitals.readings=100000]}.
 */
@EnabledIfSystemProperty(named = "vitals.throughput", matches = "true")
@SpringBootTest(properties = {"cityhealth.feeds.vitals.batch-size=2000", "cityhealth.feeds.vitals.batch-time=200ms",
        "logging.level.org.cityhealth.hub.feeds.vitals=WARN"})
class VitalsThroughput {

    private static final int READINGS = Integer.getInteger("vitals.readings", 100_000);
    private static final int PERSONS = Integer.getInteger("vitals.persons", 1_000);
    private static final int BATCH = 2000;
    private static MosquittoBroker broker;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        TestDatabases.h2(registry);
        broker = Mosquittos.start();
        registry.add("cityhealth.feeds.vitals.broker", broker::uri);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        broker.close();
    }

    @Autowired
    VitalsIngest ingest;

    @Autowired
    SourceRegistry sources;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void measure() throws Exception {
        sources.register(new NewSource("BATCH", "batch path", null, null, "HOSPITAL"));
        sources.register(new NewSource("MQTT1", "MQTT, one reading a message", null, null, "HOSPITAL"));
        sources.register(new NewSource("MQTT10", "MQTT, ten readings a message", null, null, "HOSPITAL"));
        OffsetDateTime start = OffsetDateTime.parse("2026-11-24T08:00:00+08:00");

        // Warm-up on other persons' readings, then the batch path alone.
        storeDirectly("BATCH", 10_000, start.minusDays(1));
        long began = System.nanoTime();
        storeDirectly("BATCH", READINGS, start);
        report("batch path (VitalsIngest, 2,000 messages of one reading per batch)", READINGS, began);

        for (int perMessage : new int[] {1, 10}) {
            String code = "MQTT" + perMessage;
            try (VitalsPublisher publisher = new VitalsPublisher(broker.uri(), code)) {
                began = System.nanoTime();
                publisher.publish(READINGS, PERSONS, perMessage, start);
                double published = READINGS / ((System.nanoTime() - began) / 1e9);
                double rate = VitalsPublisher.awaitStored(() -> observations(code), READINGS, READINGS, began, Duration.ofMinutes(20));
                System.out.printf("VITALS end to end over MQTT, %d reading(s) a message: %,d readings in %.1f s = %,.0f readings/s"
                        + " (published at %,.0f/s)%n", perMessage, READINGS, READINGS / rate, rate, published);
            }
        }
    }

    private void storeDirectly(String code, int readings, OffsetDateTime start) throws Exception {
        List<String> payloads = new ArrayList<>(readings);
        // The publisher's payloads, captured rather than published.
        for (int i = 0; i < readings; i++) {
            payloads.add(VitalsPublisher.reading(i, PERSONS, start));
        }
        for (int first = 0; first < readings; first += BATCH) {
            List<VitalsIngest.Message> batch = new ArrayList<>(BATCH);
            for (int i = first; i < Math.min(readings, first + BATCH); i++) {
                batch.add(new VitalsIngest.Message("cityhealth/vitals/" + code + "/MON-" + (i % PERSONS),
                        payloads.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            ingest.store(batch);
        }
    }

    private static void report(String what, int readings, long began) {
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("VITALS %s: %,d readings in %.1f s = %,.0f readings/s%n", what, readings, seconds, readings / seconds);
    }

    private long observations(String code) {
        return jdbc.queryForObject("""
                select count(*) from resource r join source s on s.id = r.source_id
                where s.code = ? and r.res_type = 'Observation' and r.current_version""", Long.class, code);
    }
}
