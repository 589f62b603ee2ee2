package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import dev.gatehouse.vault.CredentialVaultApplication;
import dev.gatehouse.vault.TargetPostgres;
import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.VaultHttp;
import dev.gatehouse.vault.VaultHttp.Response;
import dev.gatehouse.vault.crypto.SealedSecret;
import dev.gatehouse.vault.crypto.SecretBinding;
import dev.gatehouse.vault.crypto.TestSealing;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static dev.gatehouse.vault.TargetPostgres.roleExists;
import static dev.gatehouse.vault.TargetPostgres.sqlState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Vaults started and stopped by hand: leases outlive a restart, and no Kafka means no credential. */
class LeaseDurabilityIT {

    private static final String KEY = VaultApiIntegration.randomKey();

    @Test
    void aNewVaultRevokesTheExpiredLeaseOfTheOneBeforeIt() throws Exception {
        String url = database("vault_restart_it");
        String role;
        String leaseId;
        Connection agentSession;
        try (ConfigurableApplicationContext first = start(url, KafkaFixture.shared().bootstrapServers(), "1h")) {
            int port = port(first);
            Response put = VaultHttp.call(port, "PUT", "/api/v1/secrets/restart-db", VaultApiIntegration.admin(),
                    TargetPostgres.dynamicSecret(TargetPostgres.READONLY, "\"defaultTtl\":\"2s\""));
            assertThat(put.status()).as(put.body()).isEqualTo(204);
            Response lease = VaultHttp.call(port, "POST", "/api/v1/leases", VaultApiIntegration.proxy(),
                    VaultApiIntegration.leaseBody("restart-db", "session-restart"));
            assertThat(lease.status()).as(lease.body()).isEqualTo(200);
            role = lease.json().get("credential").get("username").asString();
            leaseId = lease.json().get("leaseId").asString();
            agentSession = TargetPostgres.login(role, lease.json().get("credential").get("secret").asString());
        }
        try (Connection session = agentSession) {
            Thread.sleep(2500); // past the lease's expiry, with no vault running
            assertThat(roleExists(role)).as("nothing revoked it while the vault was down").isTrue();
            assertThat(state(url, leaseId)).isEqualTo("ACTIVE");

            try (ConfigurableApplicationContext second = start(url, KafkaFixture.shared().bootstrapServers(), "300ms")) {
                await().atMost(Duration.ofSeconds(20)).until(() -> !roleExists(role));
                assertThat(sqlState(() -> session.createStatement().executeQuery("SELECT 1").close())).isNotNull();
                // the role is dropped first, then the lease row is ended: a read between the two sees ACTIVE
                await().atMost(Duration.ofSeconds(5)).until(() -> "REVOKED".equals(state(url, leaseId)));
            }
        }
    }

    @Test
    void withoutKafkaNoCredentialLeavesAndNoSecretChanges() throws Exception {
        String url = database("vault_kafka_down_it");
        String connection = "kafka-down-db";
        seedDynamicSecret(url, connection);
        // Nothing listens on port 1: every send fails after max.block.ms.
        try (ConfigurableApplicationContext vault = start(url, "127.0.0.1:1", "1h")) {
            int port = port(vault);

            Response lease = VaultHttp.call(port, "POST", "/api/v1/leases", VaultApiIntegration.proxy(),
                    VaultApiIntegration.leaseBody(connection, "session-kafka-down"));
            Response put = VaultHttp.call(port, "PUT", "/api/v1/secrets/unaudited", VaultApiIntegration.admin(),
                    "{\"type\":\"BEARER\",\"secret\":\"fake-secret-unaudited\"}");

            VaultApiIntegration.assertProblem(lease, 503, ProblemTypes.UNAVAILABLE.toString());
            assertThat(lease.body()).doesNotContain("gh_").doesNotContain(TargetPostgres.ADMIN_PASSWORD);
            VaultApiIntegration.assertProblem(put, 503, ProblemTypes.UNAVAILABLE.toString());
        }
        try (Connection db = jdbc(url); Statement sql = db.createStatement()) {
            try (ResultSet row = sql.executeQuery("SELECT state, revoke_reason, role_name FROM leases")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("state")).isEqualTo("FAILED");
                assertThat(row.getString("revoke_reason")).isEqualTo("audit-unavailable");
                assertThat(roleExists(row.getString("role_name"))).as("the minted role was dropped").isFalse();
            }
            try (ResultSet row = sql.executeQuery("SELECT count(*) FROM secrets WHERE connection = 'unaudited'")) {
                row.next();
                assertThat(row.getInt(1)).as("the unaudited change was rolled back").isZero();
            }
        }
    }

    private static ConfigurableApplicationContext start(String url, String kafka, String sweepInterval) {
        TargetPostgres.ensure();
        PostgresFixture postgres = PostgresFixture.shared();
        OidcIssuer oidc = OidcIssuer.shared();
        return CredentialVaultApplication.application().run("--server.port=0", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + oidc.issuerUrl(OidcIssuer.INTERNAL),
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + OidcIssuer.INTERNAL_AUDIENCE,
                "--gatehouse.vault.crypto.key-encryption-key=" + KEY,
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.kafka.producer.properties.max.block.ms=1000",
                "--gatehouse.vault.audit.ack-timeout=2s",
                "--gatehouse.vault.leases.sweep-interval=" + sweepInterval);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static String database(String name) {
        return PostgresFixture.shared().createDatabase(name);
    }

    private static String state(String url, String leaseId) throws Exception {
        try (Connection db = jdbc(url);
             PreparedStatement query = db.prepareStatement("SELECT state FROM leases WHERE lease_id = ?::uuid")) {
            query.setString(1, leaseId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** The secret row as a vault with a working Kafka would have stored it (the API cannot, without Kafka). */
    private static void seedDynamicSecret(String url, String connection) throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        String settings = "{\"host\":\"" + postgres.host() + "\",\"port\":" + postgres.port() + ",\"database\":\""
                + TargetPostgres.DATABASE + "\",\"sslMode\":\"disable\",\"grantedRoles\":[\"" + TargetPostgres.READONLY
                + "\"]}";
        SealedSecret sealed = TestSealing.seal("kek-1", KEY, new SecretBinding(connection, "POSTGRES_DYNAMIC",
                TargetPostgres.ADMIN, settings), TargetPostgres.ADMIN_PASSWORD);
        // The schema comes from the vault's own migrations, run here as the vault would at startup.
        org.flywaydb.core.Flyway.configure().dataSource(url, postgres.username(), postgres.password())
                .locations("classpath:db/migration/credential-vault").load().migrate();
        try (Connection db = jdbc(url); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO secrets (connection, type, username, settings, ciphertext, nonce, wrapped_key, key_nonce,
                                     key_id, format, created_at, updated_at)
                VALUES (?, 'POSTGRES_DYNAMIC', ?, ?, ?, ?, ?, ?, ?, ?, now(), now())""")) {
            insert.setString(1, connection);
            insert.setString(2, TargetPostgres.ADMIN);
            insert.setString(3, settings);
            insert.setBytes(4, sealed.ciphertext());
            insert.setBytes(5, sealed.nonce());
            insert.setBytes(6, sealed.wrappedKey());
            insert.setBytes(7, sealed.keyNonce());
            insert.setString(8, sealed.keyId());
            insert.setInt(9, sealed.format());
            insert.executeUpdate();
        }
    }

    private static Connection jdbc(String url) throws java.sql.SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        return java.sql.DriverManager.getConnection(url, postgres.username(), postgres.password());
    }
}
