package dev.gatehouse.vault;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import dev.gatehouse.vault.VaultHttp.Response;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the real vault on a random port against embedded PostgreSQL, the embedded Kafka broker and the
 * test OIDC issuer, and talks to it over real HTTP. Subclasses share one application context. The
 * keyring holds two keys: the first version's single key ({@code kek-1}) and {@code kek-2}, the active
 * one, so rotation can be shown on rows sealed under {@code kek-1}. The sweeper runs every 300 ms.
 */
@SpringBootTest(classes = CredentialVaultApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=credential-vault",
                // Debug logging on purpose: request bodies and return values get logged, and must not leak.
                "logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.jdbc=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
public abstract class VaultApiIntegration {

    protected static final String DATABASE = "vault_api_it";
    protected static final OidcIssuer OIDC = OidcIssuer.shared();
    protected static final KafkaFixture KAFKA = KafkaFixture.shared();
    protected static final String OLD_KEY = randomKey();
    protected static final String ACTIVE_KEY = randomKey();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase(DATABASE);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> OIDC.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> OidcIssuer.INTERNAL_AUDIENCE);
        registry.add("gatehouse.vault.crypto.key-encryption-key", () -> OLD_KEY);
        registry.add("gatehouse.vault.crypto.keys[kek-2]", () -> ACTIVE_KEY);
        registry.add("gatehouse.vault.crypto.active-key-id", () -> "kek-2");
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("gatehouse.vault.leases.sweep-interval", () -> "300ms");
        TargetPostgres.ensure();
    }

    public static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A fake secret that is unique per test, so a leak check cannot match something else. */
    protected static String fakeSecret() {
        return "fake-secret-" + UUID.randomUUID();
    }

    public static String admin() {
        return OIDC.internalToken("alice", "gatehouse-admin");
    }

    public static String proxy() {
        return OIDC.internalToken("gatehouse-edge-proxy", "gatehouse-proxy");
    }

    protected static String reviewer() {
        return OIDC.internalToken("rita", "gatehouse-reviewer");
    }

    protected static String agent() {
        return OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("groups", List.of("gatehouse-proxy", "gatehouse-admin")));
    }

    /** The body of {@code POST /api/v1/leases} the proxy sends for an agent's session. */
    public static String leaseBody(String connection, String sessionId) {
        String session = sessionId == null ? "" : ",\"sessionId\":\"" + sessionId + "\"";
        return "{\"connection\":\"" + connection + "\"" + session + ",\"caller\":{\"issuer\":\"http://ci.example\","
                + "\"subject\":\"repo:acme/app\",\"claims\":{\"run_id\":\"4711\"}}}";
    }

    protected Response call(String method, String path, String token, String body) {
        return VaultHttp.call(port, method, path, token, body);
    }

    /** Stores a secret through the admin API and insists it worked. */
    protected void putSecret(String connection, String body) {
        Response response = call("PUT", "/api/v1/secrets/" + connection, admin(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(204);
    }

    protected Response lease(String connection, String sessionId) {
        return call("POST", "/api/v1/leases", proxy(), leaseBody(connection, sessionId));
    }

    public static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).isEqualTo(type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("trace").doesNotContain("Exception").doesNotContain("fake-secret");
    }

    protected Connection jdbc() throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.username(), postgres.password());
    }
}
