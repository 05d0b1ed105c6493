package org.cityhealth.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where integration tests keep their data: a fresh H2 directory, or a fresh schema in the PostgreSQL at
 * 127.0.0.1:5432/test. With CI=true a missing PostgreSQL fails the build instead of skipping the tests.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("CITYHEALTH_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test");

    private TestDatabases() {
    }

    public static void h2(DynamicPropertyRegistry registry) {
        registry.add("cityhealth.data-directory", TestDatabases::temporaryDirectory);
        registry.add("cityhealth.demo", () -> "true");
    }

    public static void postgres(DynamicPropertyRegistry registry) {
        String schema = "test_" + Long.toHexString(System.nanoTime());
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
        } catch (SQLException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true needs PostgreSQL at " + POSTGRES_URL + ": " + e.getMessage(), e);
            }
            Assumptions.abort("PostgreSQL is not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")");
        }
        h2(registry);
        registry.add("cityhealth.database-url", () -> POSTGRES_URL + "?currentSchema=" + schema);
        registry.add("cityhealth.database-user", () -> "postgres");
    }

    private static String temporaryDirectory() {
        try {
            return Files.createTempDirectory("cityhealth-test-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
