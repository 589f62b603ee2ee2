package dev.gatehouse.local;

import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * demo-mysql end to end: MariaDB Connector/J through the proxy's MySQL listener, decided by the real
 * policy-service (the MySQL classifier and the demo policy), the login from the real vault, the trail in
 * Kafka; the demo MariaDB is a child process, as run.sh starts it.
 */
class MysqlSystemIT extends DemoSuiteTest {

    @BeforeAll
    static void demoMysql() {
        RequiredTool.mariadbd(); // fails (not skips) the class when the server is not installed
        if (!DemoMysql.running()) {
            DemoMysql.startIfInstalled();
        }
        DemoSetup.seedMysql(suite);
    }

    @Test
    void readsComeBackWithApiKeysMasked() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet users = statement.executeQuery("SELECT id, name, api_key FROM users ORDER BY id")) {
            assertThat(users.next()).isTrue();
            assertThat(users.getString("name")).isEqualTo("Ada");
            assertThat(users.getString("api_key")).isEqualTo("[REDACTED:column]");
        }
    }

    @Test
    void disguisedAndDynamicDropsAreDeniedByTheRealPolicyAndTheTableStays() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String attack : new String[] {"/*! DROP TABLE users */", "SELECT 1 /*!; DROP TABLE users */",
                    "SELECT 1 # c\n; DROP TABLE users", "SET @s = 'DROP TABLE users'; PREPARE s FROM @s; EXECUTE s",
                    "SELECT * FROM users INTO OUTFILE '/tmp/gatehouse-demo-users'",
                    "LOAD DATA LOCAL INFILE '/etc/hostname' INTO TABLE users", "DELETE FROM users"}) {
                assertThatThrownBy(() -> {
                    boolean results = statement.execute(attack);
                    while (results || statement.getUpdateCount() != -1) {
                        results = statement.getMoreResults();
                    }
                }).as(attack).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getErrorCode()).as(attack + ": " + e.getMessage()).isEqualTo(1142));
            }
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM users")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getInt(1)).as("the table and its rows are still there").isEqualTo(2);
            }
        }
    }

    private static Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-job");
        properties.setProperty("password", oidc.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", "89")));
        properties.setProperty("connectTimeout", "30000");
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + suite.proxyMysqlPort() + "/"
                + DemoMysql.CONNECTION + "?sslMode=trust&allowMultiQueries=true", properties);
    }
}
