package org.cityhealth.hub;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import javax.sql.DataSource;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One database for the whole hub: embedded H2 by default, PostgreSQL by configuration. The schema is
 * migrated by Flyway before anything else uses the pool; one migration script serves both, with
 * binary columns as a Flyway placeholder and what only one of them can do under {@code db/vendor/<database>}. A migration
 * that has to compute what it writes is a Java one, a bean of the module whose table it changes.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    DataSource dataSource(HubSettings settings, List<JavaMigration> javaMigrations) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.effectiveDatabaseUrl());
        if (!settings.databaseUser().isBlank()) {
            config.setUsername(settings.databaseUser());
        } else if (settings.embeddedDatabase()) {
            config.setUsername("sa");
        }
        config.setPassword(settings.databasePassword());
        config.setMaximumPoolSize(settings.embeddedDatabase() ? 8 : 12);
        config.setPoolName("hub");
        if (!settings.embeddedDatabase()) {
            // Lets the driver turn JDBC batches into multi-row INSERTs: the single largest ingest speed-up on PostgreSQL.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations(settings.embeddedDatabase()
                        ? new String[] {"classpath:db/migration", "classpath:db/vendor/h2"}
                        : new String[] {"classpath:db/migration", "classpath:db/vendor/postgresql"})
                .placeholders(Map.of("binary", settings.embeddedDatabase() ? "varbinary(1000000000)" : "bytea"))
                .javaMigrations(javaMigrations.toArray(JavaMigration[]::new))
                .load()
                .migrate();
        return dataSource;
    }
}
