package dev.gatehouse.vault.mysql;

import dev.gatehouse.vault.secret.SecretSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * A target MariaDB/MySQL reached with the admin login of a MYSQL_DYNAMIC secret, through MariaDB
 * Connector/J. One short-lived connection per operation, no pool, for the same reasons as PostgreSQL's
 * {@code TargetDatabase}: minting and dropping users is rare, and idle admin sessions are a liability.
 * The password never appears in {@link #toString()}.
 *
 * @param templateRole the role every minted user is granted as its default role
 */
public record MysqlTarget(String host, int port, String database, String sslMode, String adminUser,
                          String adminPassword, String templateRole, Integer connectionLimit) {

    public static MysqlTarget of(SecretSettings settings, String adminUser, String adminPassword) {
        return new MysqlTarget(settings.host(), settings.port() == null ? 3306 : settings.port(), settings.database(),
                settings.sslMode() == null ? "verify-full" : settings.sslMode(), adminUser, adminPassword,
                settings.grantedRolesOrEmpty().isEmpty() ? null : settings.grantedRolesOrEmpty().get(0),
                settings.connectionLimit());
    }

    Connection connect(Duration connectTimeout, Duration socketTimeout) throws SQLException {
        // No schema: the admin manages accounts and needs no rights on the data itself.
        return connect(adminUser, adminPassword, "", connectTimeout, socketTimeout);
    }

    /**
     * A login as a just-minted user, without a database: before its default role is set the user may
     * not see any database yet, and naming one would refuse the login.
     */
    Connection connectAs(String user, String password, Duration connectTimeout, Duration socketTimeout)
            throws SQLException {
        return connect(user, password, "", connectTimeout, socketTimeout);
    }

    private Connection connect(String user, String password, String schema, Duration connectTimeout,
                               Duration socketTimeout) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslMode", sslMode);
        properties.setProperty("connectTimeout", Long.toString(connectTimeout.toMillis()));
        properties.setProperty("socketTimeout", Long.toString(socketTimeout.toMillis()));
        // One statement per call: a multi-statement string could never be smuggled into an admin session.
        properties.setProperty("allowMultiQueries", "false");
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return DriverManager.getConnection("jdbc:mariadb://" + hostPart + ":" + port + "/" + schema, properties);
    }

    @Override
    public String toString() {
        return "MysqlTarget[" + adminUser + "@" + host + ":" + port + "/" + database + ", sslMode=" + sslMode
                + ", templateRole=" + templateRole + "]";
    }
}
