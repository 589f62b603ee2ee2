package dev.gatehouse.approval;

import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.ReviewSettings;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.springframework.boot.test.context.SpringBootTest;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boots the real service on a random port the way it runs: its own config file, Flyway on a fresh
 * embedded PostgreSQL database, the shared embedded Kafka broker, real bearer tokens from the test
 * OIDC issuer, and a local webhook receiver as its notification channels. Test classes share one
 * application context: every test creates the requests it needs.
 */
@SpringBootTest(classes = ApprovalServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=approval-service", "gatehouse.approval.expiry.sweep-interval=200ms",
                "gatehouse.approval.wait.recheck-interval=200ms", "gatehouse.approval.events.retry-interval=1s",
                "gatehouse.approval.events.ack-timeout=2s", "gatehouse.approval.notifications.retry-delay=100ms",
                "gatehouse.approval.public-url=https://approvals.example.test/"})
public abstract class ApprovalServiceTestBase {

    protected static final OidcIssuer OIDC = OidcIssuer.shared();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newHttpClient();
    protected static final WebhookReceiver WEBHOOKS = new WebhookReceiver();

    protected static final String PROXY = OIDC.internalToken("gatehouse-edge-proxy", "gatehouse-proxy");
    protected static final String RITA = OIDC.internalToken("rita", "gatehouse-reviewer");
    protected static final String RAY = OIDC.internalToken("ray", "gatehouse-reviewer");
    protected static final String ADMIN = OIDC.internalToken("alice", "gatehouse-admin");
    /** The agent's identity as the proxy reports it: GitHub Actions run 4711 of acme/app. */
    protected static final CallerIdentity AGENT = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app", "run_id", "4711",
            "workflow", "deploy"));

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static String database;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresFixture postgres = PostgresFixture.shared();
        database = "approval_service_it_" + DATABASES.incrementAndGet();
        String url = postgres.createDatabase(database);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> OIDC.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> OidcIssuer.INTERNAL_AUDIENCE);
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaFixture.shared().bootstrapServers());
        registry.add("gatehouse.approval.notifications.channels.reviewers-slack.url", () -> WEBHOOKS.url("/slack"));
        registry.add("gatehouse.approval.notifications.channels.reviewers-slack.format", () -> "slack");
        registry.add("gatehouse.approval.notifications.channels.pager.url", () -> WEBHOOKS.url("/flaky-json"));
        registry.add("gatehouse.approval.notifications.channels.pager.format", () -> "json");
    }

    /** A request as the proxy sends it, with a fresh session and fingerprint. */
    protected static ApprovalRequest request(CallerIdentity identity, ReviewSettings review) {
        String session = "s-" + UUID.randomUUID();
        return new ApprovalRequest(session, 7, identity, "orders-db", Protocol.POSTGRES,
                Operation.sql("orders-db", "DROP TABLE orders"), "DROP TABLE orders", "sha256:" + UUID.randomUUID(),
                "drops-need-review", 12L, review);
    }

    protected static ApprovalRequest request(ReviewSettings review) {
        return request(AGENT, review);
    }

    protected static ApprovalRequest request() {
        return request(ReviewSettings.DEFAULT);
    }

    protected static ReviewSettings review(int approvals, Duration expiry, Duration window, List<String> notify) {
        return new ReviewSettings("gatehouse-reviewer", approvals, expiry, window, notify);
    }

    /** Creates the request as the proxy and returns the answer (asserting 201). */
    protected JsonNode create(ApprovalRequest request) {
        Response created = post("/api/v1/approvals", PROXY, JSON.writeValueAsString(request));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    protected Response approve(String id, String token, String comment) {
        return post("/api/v1/approvals/" + id + "/approve", token, comment == null ? null
                : JSON.writeValueAsString(Map.of("comment", comment)));
    }

    protected Response reject(String id, String token, String comment) {
        return post("/api/v1/approvals/" + id + "/reject", token, JSON.writeValueAsString(Map.of("comment", comment)));
    }

    protected Response consume(String id, String fingerprint, CallerIdentity identity) {
        return post("/api/v1/approvals/" + id + "/consume", PROXY,
                JSON.writeValueAsString(Map.of("fingerprint", fingerprint, "identity", identity)));
    }

    protected Response get(String path, String token) {
        return send(builder(path, token).GET().build());
    }

    protected Response post(String path, String token, String json) {
        HttpRequest.Builder request = builder(path, token).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request.build());
    }

    protected CompletableFuture<Response> getAsync(String path, String token) {
        return HTTP.sendAsync(builder(path, token).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(ApprovalServiceTestBase::response);
    }

    protected HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    protected static Response send(HttpRequest request) {
        try {
            return response(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Response response(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null), response.body());
    }

    protected static void assertProblem(Response response, int status, URI type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).as(response.body()).isEqualTo(type.toString());
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    protected static Connection jdbc() throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }

    protected static void sql(String statement) throws SQLException {
        try (Connection db = jdbc(); var update = db.createStatement()) {
            update.executeUpdate(statement);
        }
    }

    public record Response(int status, String contentType, String location, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String id() {
            return json().get("id").asString();
        }
    }
}
