package dev.gatehouse.proxy.postgres;

import io.netty.handler.ssl.util.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code upstream-ssl: require}: the lease's password only ever travels to the database inside TLS. */
@TestPropertySource(properties = "gatehouse.proxy.postgres.upstream-ssl=require")
class UpstreamTlsIT extends PgListenerTest {

    @AfterAll
    static void databaseTlsOff() throws SQLException {
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            statement.execute("ALTER SYSTEM RESET ssl");
            statement.execute("ALTER SYSTEM RESET ssl_cert_file");
            statement.execute("ALTER SYSTEM RESET ssl_key_file");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    @Test
    void aDatabaseWithoutTlsIsRefusedAndOneWithTlsIsReachedOverIt() throws Exception {
        assertThatThrownBy(() -> connect(agentToken())).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("08006");
            assertThat(e.getMessage()).contains("does not offer TLS");
        });

        databaseTlsOn();
        try (Connection connection = connect(agentToken()); ResultSet ssl = connection.createStatement()
                .executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            ssl.next();
            assertThat(ssl.getBoolean(1)).as("the proxy's own database session is encrypted").isTrue();
        }
    }

    private static void databaseTlsOn() throws Exception {
        SelfSignedCertificate certificate = new SelfSignedCertificate("localhost");
        try (Connection direct = direct(); Statement statement = direct.createStatement()) {
            Path dataDirectory;
            try (ResultSet directory = statement.executeQuery("SHOW data_directory")) {
                directory.next();
                dataDirectory = Path.of(directory.getString(1));
            }
            Path cert = dataDirectory.resolve("gatehouse-test.crt");
            Path key = dataDirectory.resolve("gatehouse-test.key");
            Files.copy(certificate.certificate().toPath(), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certificate.privateKey().toPath(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            Files.setOwner(cert, Files.getOwner(dataDirectory));
            Files.setOwner(key, Files.getOwner(dataDirectory));
            statement.execute("ALTER SYSTEM SET ssl_cert_file = '" + cert + "'");
            statement.execute("ALTER SYSTEM SET ssl_key_file = '" + key + "'");
            statement.execute("ALTER SYSTEM SET ssl = on");
            statement.execute("SELECT pg_reload_conf()");
            org.awaitility.Awaitility.await().until(() -> {
                try (ResultSet on = direct.createStatement().executeQuery("SHOW ssl")) {
                    on.next();
                    return on.getString(1).equals("on");
                }
            });
        } finally {
            certificate.delete();
        }
    }
}
