package org.cityhealth.hub.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the hub keeps its data: shared by every command that opens the hub's database and object store. */
final class HubOptions {

    @Option(names = "--data", description = "data directory (default: ${DEFAULT-VALUE})", defaultValue = "./data")
    Path data;

    @Option(names = "--db", description = "JDBC URL of the database, e.g. jdbc:postgresql://127.0.0.1:5432/test (default: H2 file in the data directory; env CITYHEALTH_DB)")
    String database;

    @Option(names = "--db-user", description = "database user (env CITYHEALTH_DB_USER)")
    String databaseUser;

    @Option(names = "--db-password", description = "database password (env CITYHEALTH_DB_PASSWORD)")
    String databasePassword;

    @Option(names = "--policy", description = "storage lifecycle policy file (YAML; default: the built-in one; env CITYHEALTH_LIFECYCLE_POLICY_FILE)")
    java.nio.file.Path policy;

    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("cityhealth.data-directory", data.toString());
        if (policy != null) {
            properties.put("cityhealth.lifecycle.policy-file", policy.toString());
        }
        String url = database != null ? database : System.getenv("CITYHEALTH_DB");
        if (url != null) {
            properties.put("cityhealth.database-url", url);
        }
        String user = databaseUser != null ? databaseUser : System.getenv("CITYHEALTH_DB_USER");
        if (user != null) {
            properties.put("cityhealth.database-user", user);
        }
        String password = databasePassword != null ? databasePassword : System.getenv("CITYHEALTH_DB_PASSWORD");
        if (password != null) {
            properties.put("cityhealth.database-password", password);
        }
        return properties;
    }
}
