package org.cityhealth.hub.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.cityhealth.hub.HubSettings;

/**
 * Checks before start-up that a fresh hub can create its first operator, so that a missing password is
 * one readable line rather than a failed application context.
 */
final class FreshStart {

    static final String PASSWORD_VARIABLE = "CITYHEALTH_ADMIN_PASSWORD";

    private FreshStart() {
    }

    static void requireAdminPassword(HubOptions hub) {
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password != null && !password.isBlank()) {
            return;
        }
        if (!hasAccounts(hub)) {
            throw new IllegalStateException("a fresh data directory needs the first operator's password: set " + PASSWORD_VARIABLE
                    + " (8 characters or more) and start again");
        }
    }

    private static boolean hasAccounts(HubOptions hub) {
        var properties = hub.properties();
        HubSettings settings = new HubSettings(hub.data, String.valueOf(properties.getOrDefault("cityhealth.database-url", "")),
                String.valueOf(properties.getOrDefault("cityhealth.database-user", "")),
                String.valueOf(properties.getOrDefault("cityhealth.database-password", "")), false);
        String url = settings.effectiveDatabaseUrl();
        if (settings.embeddedDatabase() && !url.contains("IFEXISTS")) {
            url = url + ";IFEXISTS=TRUE";
        }
        String user = settings.databaseUser().isBlank() && settings.embeddedDatabase() ? "sa" : settings.databaseUser();
        try (Connection connection = DriverManager.getConnection(url, user, settings.databasePassword());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select count(*) from account")) {
            return result.next() && result.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }
}
