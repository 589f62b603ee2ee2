package dev.gatehouse.approval;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.Test;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Boots the real service on a random port against embedded PostgreSQL and the test OIDC issuer. */
@SpringBootTest(classes = ApprovalServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=approval-service")
class ApprovalServiceIT {

    private static final String DATABASE = "approval_service_it";
    private static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase(DATABASE);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> OIDC.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> OidcIssuer.INTERNAL_AUDIENCE);
    }

    @Test
    void reportsHealthUp() {
        Response health = get("/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void migratesTheWorkflowTables() throws SQLException {
        assertThat(columns("approval_requests")).contains("id", "connection", "requester_issuer", "requester_subject",
                "operation", "command_hash", "status", "required_approvals", "created_at", "expires_at");
        assertThat(columns("approval_decisions")).contains("approval_id", "reviewer_subject", "decision", "comment",
                "decided_at");
    }

    @Test
    void listsPendingApprovalsToReviewersAndAdmins() {
        Response reviewer = get("/api/v1/approvals?status=PENDING", OIDC.internalToken("rita", "gatehouse-reviewer"));
        Response admin = get("/api/v1/approvals", OIDC.internalToken("alice", "gatehouse-admin"));

        assertThat(reviewer.status()).as(reviewer.body()).isEqualTo(200);
        assertThat(reviewer.json().isArray()).isTrue();
        assertThat(admin.status()).isEqualTo(200);
    }

    @Test
    void returnsStoredRequestsFilteredByStatus() throws SQLException {
        UUID pending = insertRequest("PENDING");
        UUID rejected = insertRequest("REJECTED");
        String reviewer = OIDC.internalToken("rita", "gatehouse-reviewer");

        JsonNode pendingList = get("/api/v1/approvals?status=PENDING", reviewer).json();
        JsonNode rejectedList = get("/api/v1/approvals?status=REJECTED", reviewer).json();

        assertThat(ids(pendingList)).contains(pending.toString()).doesNotContain(rejected.toString());
        assertThat(ids(rejectedList)).contains(rejected.toString()).doesNotContain(pending.toString());
        JsonNode row = pendingList.valueStream().filter(r -> r.get("id").asString().equals(pending.toString()))
                .findFirst().orElseThrow();
        assertThat(row.get("operation").get("method").asString()).isEqualTo("DELETE");
        assertThat(row.get("requiredApprovals").asInt()).isEqualTo(1);
        assertThat(row.get("requesterSubject").asString()).isEqualTo("repo:acme/app:ref:refs/heads/main");
    }

    @Test
    void allowsOneDecisionPerReviewer() throws SQLException {
        UUID approval = insertRequest("PENDING");
        String decide = "INSERT INTO approval_decisions (approval_id, reviewer_subject, decision) VALUES ('"
                + approval + "', 'rita', 'APPROVED')";
        sql(decide);

        assertThatThrownBy(() -> sql(decide)).isInstanceOf(SQLException.class).hasMessageContaining("unique");
    }

    @Test
    void refusesCallersWithoutTheReviewerRole() {
        assertProblem(get("/api/v1/approvals", null), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(get("/api/v1/approvals", OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("groups", List.of("gatehouse-reviewer")))), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(get("/api/v1/approvals", OIDC.internalToken("edge", "gatehouse-proxy")), 403,
                ProblemTypes.FORBIDDEN.toString());
        assertProblem(get("/api/v1/approvals", OIDC.internalToken("audrey", "gatehouse-auditor")), 403,
                ProblemTypes.FORBIDDEN.toString());
    }

    @Test
    void rejectsAnUnknownStatusNamingTheParameter() {
        Response response = get("/api/v1/approvals?status=MAYBE", OIDC.internalToken("rita", "gatehouse-reviewer"));

        assertProblem(response, 400, ProblemTypes.INVALID_REQUEST.toString());
        assertThat(response.json().get("detail").asString()).contains("status");
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).as(response.body()).isEqualTo(type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
    }

    private static List<String> ids(JsonNode list) {
        return list.valueStream().map(r -> r.get("id").asString()).toList();
    }

    private UUID insertRequest(String status) throws SQLException {
        UUID id = UUID.randomUUID();
        sql("""
                INSERT INTO approval_requests (id, connection, requester_issuer, requester_subject, operation,
                                               command_hash, status, expires_at)
                VALUES ('%s', 'orders-api', 'https://token.actions.githubusercontent.com',
                        'repo:acme/app:ref:refs/heads/main', '{"method":"DELETE","path":"/orders/7"}',
                        'sha256:abc', '%s', now() + interval '10 minutes')
                """.formatted(id, status));
        return id;
    }

    private List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection db = jdbc(); var query = db.prepareStatement(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?")) {
            query.setString(1, table);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }

    private void sql(String statement) throws SQLException {
        try (Connection db = jdbc(); var update = db.createStatement()) {
            update.executeUpdate(statement);
        }
    }

    private Connection jdbc() throws SQLException {
        PostgresFixture postgres = PostgresFixture.shared();
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.username(), postgres.password());
    }

    private Response get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET();
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

    private record Response(int status, String contentType, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
