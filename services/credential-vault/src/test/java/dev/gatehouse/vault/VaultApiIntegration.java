package dev.gatehouse.vault;

import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;

/**
 * Boots the real vault on a random port against embedded PostgreSQL and the test OIDC issuer, and
 * talks to it over real HTTP. Subclasses share one application context.
 */
@SpringBootTest(classes = CredentialVaultApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=credential-vault",
                // Debug logging on purpose: request bodies and return values get logged, and must not leak.
                "logging.level.org.springframework.web=DEBUG", "logging.level.org.springframework.jdbc=DEBUG"})
@ExtendWith(OutputCaptureExtension.class)
public abstract class VaultApiIntegration {

    protected static final String DATABASE = "vault_api_it";
    protected static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
        registry.add("gatehouse.vault.crypto.key-encryption-key", VaultApiIntegration::randomKey);
    }

    protected static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A fake secret that is unique per test, so a leak check cannot match something else. */
    protected static String fakeSecret() {
        return "fake-secret-" + UUID.randomUUID();
    }

    protected static String admin() {
        return OIDC.internalToken("alice", "gatehouse-admin");
    }

    protected static String proxy() {
        return OIDC.internalToken("gatehouse-edge-proxy", "gatehouse-proxy");
    }

    protected static String agent() {
        return OIDC.ciToken("repo:acme/app:ref:refs/heads/main", java.util.Map.of("groups", java.util.List.of("gatehouse-proxy", "gatehouse-admin")));
    }

    protected Response call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/json, application/problem+json");
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Connection jdbc() throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.username(), postgres.password());
    }

    protected record Response(int status, String contentType, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
