package org.cityhealth.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.cityhealth.hub.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Device observations keyed by number (V10): the migration of V8's rows, the slots of one second, readings sent again
 * wherever their slot is, and the compact body rendered, on H2 and on PostgreSQL.
 */
class DeviceObservationsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant SECOND = Instant.parse("2026-11-24T00:00:07Z");

    /** A form that writes its one value as the Observation's valueString. */
    private static final DeviceObservationForm TEXT = new DeviceObservationForm() {
        @Override
        public String name() {
            return "text";
        }

        @Override
        public void write(JsonGenerator json, JsonNode values, String subjectReference) throws java.io.IOException {
            json.writeStringField("status", "final");
            json.writeObjectFieldStart("subject");
            json.writeStringField("reference", subjectReference);
            json.writeEndObject();
            json.writeStringField("valueString", values.path(0).asText());
        }
    };

    @Test
    void keysSortByPatientThenSecondThenSlot() {
        qt().forAll(longs().between(1, (1L << DeviceObservations.PATIENT_BITS) - 2), longs().between(0, (1L << 32) - 2),
                integers().between(0, DeviceObservations.SLOTS - 1)).checkAssert((patient, second, slot) -> {
                    long key = DeviceObservations.key(patient, DeviceObservations.EPOCH + second, slot);
                    assertThat(key).isPositive()
                            .isLessThan(DeviceObservations.key(patient, DeviceObservations.EPOCH + second + 1, 0))
                            .isLessThan(DeviceObservations.key(patient + 1, DeviceObservations.EPOCH, 0));
                    assertThat(key - DeviceObservations.key(patient, DeviceObservations.EPOCH + second, 0)).isEqualTo((long) slot);
                });
    }

    @Test
    void anIdsSlotIsTheLowFiveBitsOfItsHash() {
        assertThat(DeviceObservations.slotOf("p-0000000010000000000000")).isZero();
        assertThat(DeviceObservations.slotOf("p-00000000100000000001f")).isEqualTo(31);
        assertThat(DeviceObservations.slotOf("p-0000000010000000000ff")).isEqualTo(31);
        assertThat(DeviceObservations.slotOf("p-0000000010000000000e7")).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void migratesTheRowsOfV8ToNumberedKeysAndServesTheirBodiesAsTheyWere(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        flyway(dataSource, database).target("9").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> ids = new ArrayList<>();
        for (String patient : List.of("PATIENTB", "PATIENTA")) {
            for (int reading = 0; reading < 40; reading++) {
                // 30 readings of one second: most of its slots, so that the migration has to look past their own.
                Instant time = reading < 30 ? SECOND : SECOND.plusSeconds(1);
                if (reading == 39) {
                    // The id names second 8, the database rounds the column to second 9: the migration must go by the id.
                    time = SECOND.plusSeconds(1).plusNanos(999_999_600);
                } else if (reading == 38) {
                    // V8 took readings of a clock never set.
                    time = Instant.EPOCH;
                }
                String id = DeviceObservations.id(patient, time, "MON-" + reading);
                ids.add(id);
                jdbc.update("""
                        insert into device_observation (res_id, patient_id, category, code_system, code, code2, date_lo, date_hi,
                          last_updated, source_id, source_res_id, submission_id, body) values (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                        id, patient, "vital-signs", "http://loinc.org", "8867-4", null, Timestamp.from(time), Timestamp.from(time.plusSeconds(1)),
                        Timestamp.from(time), 1L, "src-" + reading, 7L, ("{\"resourceType\":\"Observation\",\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }
        flyway(dataSource, database).load().migrate();

        DeviceObservations devices = new DeviceObservations(jdbc, List.of(TEXT));
        assertThat(jdbc.queryForObject("select count(*) from device_observation", Long.class)).isEqualTo(80);
        for (String id : ids) {
            StoredResource read = devices.read(id).orElseThrow(() -> new AssertionError(id + " not found after the migration"));
            assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("{\"resourceType\":\"Observation\",\"id\":\"" + id + "\"}");
        }
        List<String> inKeyOrder = jdbc.queryForList("select patient_id from device_observation order by row_key", String.class);
        assertThat(inKeyOrder.subList(0, 40)).containsOnly("PATIENTA");
        assertThat(devices.numbers(List.of("PATIENTA", "PATIENTB"), false)).containsOnlyKeys("PATIENTA", "PATIENTB");
        assertThat(devices.existing(List.of(ids.get(0), "PATIENTA-" + "0".repeat(21), "not-a-reading"))).containsExactly(ids.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void fillsTheSlotsOfASecondAndFindsReadingsSentAgainWhereverTheyWentThenRefusesTheThirtyThird(String database) throws Exception {
        DataSource dataSource = dataSource(database);
        flyway(dataSource, database).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        DeviceObservations devices = new DeviceObservations(jdbc, List.of(TEXT));
        List<DeviceObservation> second = IntStream.range(0, DeviceObservations.SLOTS).mapToObj(i -> reading("P1", SECOND, "MON-" + i)).toList();

        // Half of them first, then all: the second batch collides with the first and is placed again, knowing the second.
        assertThat(inTransaction(transactions, devices, second.subList(0, 16))).hasSize(16);
        assertThat(inTransaction(transactions, devices, second)).containsExactlyInAnyOrderElementsOf(second.subList(16, 32));
        assertThat(inTransaction(transactions, devices, second)).as("all sent again").isEmpty();
        assertThat(jdbc.queryForObject("select count(distinct row_key) from device_observation", Long.class)).isEqualTo(32);
        for (DeviceObservation reading : second) {
            JsonNode served = MAPPER.readTree(devices.read(reading.id()).orElseThrow().body());
            assertThat(served.path("id").asText()).isEqualTo(reading.id());
            assertThat(served.path("subject").path("reference").asText()).isEqualTo("Patient/P1");
            assertThat(served.path("meta").path("source").asText()).isEqualTo("urn:test#1");
            assertThat(served.path("valueString").asText()).isEqualTo(reading.sourceResourceId());
        }

        DeviceObservation thirtyThird = reading("P1", SECOND, "MON-32");
        DeviceObservation nextSecond = reading("P1", SECOND.plusSeconds(1), "MON-0");
        assertThatThrownBy(() -> inTransaction(transactions, devices, List.of(nextSecond, thirtyThird)))
                .isInstanceOf(DeviceObservations.SecondFullException.class).hasMessageContaining("Patient/P1");
        assertThat(jdbc.queryForObject("select count(*) from device_observation", Long.class)).as("nothing of the refused batch").isEqualTo(32);
        assertThat(inTransaction(transactions, devices, List.of(nextSecond))).containsExactly(nextSecond);
        assertThat(devices.rangeOf("P1")).contains(List.of(DeviceObservations.key(1, DeviceObservations.EPOCH, 0),
                DeviceObservations.key(2, DeviceObservations.EPOCH, 0)));
        assertThat(devices.rangeOf("P2")).as("a patient without readings has no number").isEmpty();
        assertThat(devices.ofId(DeviceObservations.id("P2", SECOND, "MON-0"))).isEmpty();
    }

    private static List<DeviceObservation> inTransaction(TransactionTemplate transactions, DeviceObservations devices,
                                                         List<DeviceObservation> readings) {
        return transactions.execute(status -> devices.insertNew(readings));
    }

    private static DeviceObservation reading(String patient, Instant time, String device) {
        String id = DeviceObservations.id(patient, time, device);
        byte[] values = ("[\"" + device + "\"]").getBytes(StandardCharsets.UTF_8);
        return new DeviceObservation(id, patient, "vital-signs", "http://loinc.org", "8867-4", null, time, time.plusSeconds(1), time, 1, device,
                1, DeviceObservations.compact("text", "urn:test#1", values));
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(DataSource dataSource, String database) {
        boolean h2 = database.equals("h2");
        return Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + database)
                .placeholders(Map.of("binary", h2 ? "varbinary(1000000000)" : "bytea"))
                .javaMigrations(new DeviceObservationKeys());
    }

    private static DataSource dataSource(String database) throws Exception {
        if (database.equals("h2")) {
            String directory = Files.createTempDirectory("cityhealth-devices-").toString();
            return new DriverManagerDataSource("jdbc:h2:file:" + directory + "/db;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                    "sa", "");
        }
        String schema = "test_" + Long.toHexString(System.nanoTime());
        try (Connection connection = DriverManager.getConnection(TestDatabases.POSTGRES_URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true needs PostgreSQL at " + TestDatabases.POSTGRES_URL + ": " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + TestDatabases.POSTGRES_URL);
        }
        return new DriverManagerDataSource(TestDatabases.POSTGRES_URL + "?currentSchema=" + schema, "postgres", "");
    }
}
