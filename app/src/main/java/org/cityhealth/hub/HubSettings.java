package org.cityhealth.hub;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every capability. All defaults are documented in {@code application.yml}.
 *
 * @param dataDirectory where the embedded database and the local object store live
 * @param databaseUrl   JDBC URL; empty means the embedded H2 file database under the data directory
 * @param demo          demo mode: random admin password printed at start-up, demo data loaded
 */
@ConfigurationProperties("cityhealth")
public record HubSettings(@DefaultValue("./data") Path dataDirectory,
                          @DefaultValue("") String databaseUrl,
                          @DefaultValue("") String databaseUser,
                          @DefaultValue("") String databasePassword,
                          @DefaultValue("false") boolean demo) {

    public boolean embeddedDatabase() {
        return databaseUrl.isBlank() || databaseUrl.startsWith("jdbc:h2:");
    }

    public String effectiveDatabaseUrl() {
        if (!databaseUrl.isBlank()) {
            return databaseUrl;
        }
        // AUTO_SERVER lets the CLI (vault restore, source add) open the file while the hub runs.
        // WRITE_DELAY=0: H2 otherwise writes commits up to a second late, and a killed process loses
        // submissions it had already acknowledged (found by CrashRecoveryIT).
        return "jdbc:h2:file:" + dataDirectory.toAbsolutePath().normalize().resolve("db/hub")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }
}
