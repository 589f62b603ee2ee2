package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy logs in to the database with the lease, whatever method pg_hba.conf demands. */
class UpstreamLoginIT extends PgListenerTest {

    private static final String SCRAM_ROLE = "gh_scram_role";
    private static final String SCRAM_PASSWORD = "scram-Secret-4711";
    private static final String MD5_ROLE = "gh_md5_role";
    private static final String MD5_PASSWORD = "md5-Secret-4711";

    @BeforeAll
    static void rolesThatNeedPasswords() throws SQLException, IOException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("DROP ROLE IF EXISTS " + SCRAM_ROLE);
            statement.execute("CREATE ROLE " + SCRAM_ROLE + " LOGIN PASSWORD '" + SCRAM_PASSWORD + "'");
            statement.execute("SET password_encryption = 'md5'");
            statement.execute("DROP ROLE IF EXISTS " + MD5_ROLE);
            statement.execute("CREATE ROLE " + MD5_ROLE + " LOGIN PASSWORD '" + MD5_PASSWORD + "'");
            Path hba;
            try (ResultSet file = statement.executeQuery("SHOW hba_file")) {
                file.next();
                hba = Path.of(file.getString(1));
            }
            String rules = "host all " + SCRAM_ROLE + " 127.0.0.1/32 scram-sha-256\n"
                    + "host all " + SCRAM_ROLE + " ::1/128 scram-sha-256\n"
                    + "host all " + MD5_ROLE + " 127.0.0.1/32 md5\n"
                    + "host all " + MD5_ROLE + " ::1/128 md5\n";
            String current = Files.readString(hba);
            if (!current.startsWith(rules)) {
                Files.writeString(hba, rules + current);
            }
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    @Test
    void logsInWithScramSha256() throws SQLException {
        VAULT.respond(200, lease(SCRAM_ROLE, SCRAM_PASSWORD));
        assertThat(currentUserThroughProxy()).isEqualTo(SCRAM_ROLE);
    }

    @Test
    void logsInWithMd5() throws SQLException {
        VAULT.respond(200, lease(MD5_ROLE, MD5_PASSWORD));
        assertThat(currentUserThroughProxy()).isEqualTo(MD5_ROLE);
    }

    @Test
    void aLeaseTheDatabaseRefusesEndsTheLoginWithoutNamingTheSecret() {
        VAULT.respond(200, lease(SCRAM_ROLE, "wrong-password-xyz"));
        assertThatThrownBy(this::currentUserThroughProxy).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08006");
            assertThat(e.getMessage()).doesNotContain("wrong-password-xyz");
        });
    }

    private String currentUserThroughProxy() throws SQLException {
        try (Connection connection = connect(agentToken());
             ResultSet user = connection.createStatement().executeQuery("SELECT current_user")) {
            user.next();
            return user.getString(1);
        }
    }
}
