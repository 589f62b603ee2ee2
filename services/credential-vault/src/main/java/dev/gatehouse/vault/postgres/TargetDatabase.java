package dev.gatehouse.vault.postgres;

import dev.gatehouse.vault.secret.SecretSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A target PostgreSQL reached with the admin login of a POSTGRES_DYNAMIC secret. One short-lived
 * connection per operation, no pool: minting and dropping roles is rare, and an idle pool would keep
 * admin sessions open on every target. The password never appears in {@link #toString()}.
 */
public record TargetDatabase(String host, int port, String database, String sslMode, String adminUser,
                             String adminPassword, String objectOwner) {

    public static TargetDatabase of(String connection, SecretSettings settings, String adminUser, String adminPassword) {
        return new TargetDatabase(settings.host(), settings.port() == null ? 5432 : settings.port(),
                settings.database(), settings.sslMode() == null ? "prefer" : settings.sslMode(), adminUser,
                adminPassword, settings.objectOwner() == null ? RoleNames.owner(connection) : settings.objectOwner());
    }

    Connection connect(TargetProperties timeouts) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", adminUser);
        properties.setProperty("password", adminPassword);
        properties.setProperty("sslmode", sslMode);
        properties.setProperty("connectTimeout", seconds(timeouts.connectTimeout()));
        properties.setProperty("loginTimeout", seconds(timeouts.connectTimeout()));
        properties.setProperty("socketTimeout", seconds(timeouts.socketTimeout()));
        properties.setProperty("ApplicationName", "gatehouse-vault");
        // Role DDL only: no server-side prepared statements or metadata caches worth keeping.
        properties.setProperty("prepareThreshold", "0");
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return DriverManager.getConnection("jdbc:postgresql://" + hostPart + ":" + port + "/" + database, properties);
    }

    private static String seconds(java.time.Duration duration) {
        return Long.toString(Math.max(1, duration.toSeconds()));
    }

    @Override
    public String toString() {
        return "TargetDatabase[" + adminUser + "@" + host + ":" + port + "/" + database + ", sslMode=" + sslMode
                + ", objectOwner=" + objectOwner + "]";
    }
}
