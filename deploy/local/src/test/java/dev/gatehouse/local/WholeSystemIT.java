package dev.gatehouse.local;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One audited HTTP request through all five real services in one JVM: real OIDC issuer, real Kafka
 * broker, real PostgreSQL, real HTTP between the services. Ordered because the last tests stop parts
 * of the system.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemIT {

    private static final Map<String, String> CI_CLAIMS = Map.of("repository", "acme/app", "ref", "refs/heads/main",
            "workflow", "deploy", "run_id", "42");
    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static KafkaFixture kafka;
    private static EchoTarget echo;
    private static Suite suite;
    private static OidcIssuer oidc;
    private static String upstreamToken;

    @BeforeAll
    static void startSuite() {
        oidc = OidcIssuer.shared();
        kafka = KafkaFixture.dedicated(); // this class stops it at the end
        echo = EchoTarget.start(0);
        suite = Suite.start(new Infrastructure(PostgresFixture.shared(), kafka, oidc, echo), Suite.Ports.RANDOM);
        upstreamToken = DemoSetup.seed(suite);
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
        if (echo != null) {
            echo.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(0)
    void everyServiceIsHealthyAndPublishesMetrics() throws Exception {
        suite.awaitHealthy(Duration.ofSeconds(30));
        assertThat(suite.services()).containsExactly("policy-service", "credential-vault", "approval-service",
                "audit-service", "edge-proxy");
        for (String service : suite.services()) {
            HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(suite.url(service) + "/actuator/prometheus")));
            assertThat(metrics.statusCode()).as(service).isEqualTo(200);
            assertThat(metrics.body()).as(service).contains("jvm_memory_used_bytes");
        }
    }

    @Test
    @Order(0)
    void everyServicePublishesItsOpenApiDescription() throws Exception {
        Map<String, String> expectedPath = Map.of("policy-service", "/api/v1/decisions",
                "credential-vault", "/api/v1/leases", "approval-service", "/api/v1/approvals",
                "audit-service", "/api/v1/events", "edge-proxy", "/proxy/{connection}/{path}");
        for (var entry : expectedPath.entrySet()) {
            HttpResponse<String> docs = send(HttpRequest.newBuilder(URI.create(suite.url(entry.getKey()) + "/v3/api-docs")));
            assertThat(docs.statusCode()).as(entry.getKey()).isEqualTo(200);
            JsonNode document = JSON.readTree(docs.body());
            assertThat(document.path("openapi").asString()).as(entry.getKey()).startsWith("3.");
            assertThat(document.path("paths").has(entry.getValue())).as(entry.getKey() + " documents " + entry.getValue()).isTrue();
        }
    }

    @Test
    @Order(1)
    void allowedGetReachesTargetWithVaultCredentialAndIsAuditedEndToEnd() throws Exception {
        String callerToken = oidc.ciToken(SUBJECT, CI_CLAIMS);

        HttpResponse<String> response = proxy("GET", "/proxy/demo-http/items/7?color=blue", callerToken);

        assertThat(response.statusCode()).isEqualTo(200);
        String auditId = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        EchoTarget.Received seen = echo.received().getLast();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.path()).isEqualTo("/items/7");
        assertThat(seen.query()).isEqualTo("color=blue");
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + upstreamToken);
        assertThat(seen.headers().values()).noneMatch(value -> value.contains(callerToken));

        JsonNode request = awaitEvent(auditId);
        assertThat(request.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(request.path("subject").asString()).isEqualTo(SUBJECT);
        assertThat(request.path("claims").path("repository").asString()).isEqualTo("acme/app");
        assertThat(request.path("verdict").asString()).isEqualTo("ALLOW");
        assertThat(request.path("ruleId").asString()).isEqualTo(DemoSetup.ALLOW_RULE);
        assertThat(request.path("operation").path("method").asString()).isEqualTo("GET");
        assertThat(request.path("operation").path("path").asString()).isEqualTo("/items/7");

        JsonNode responseEvent = awaitSearch(Map.of("subject", SUBJECT, "connection", "demo-http"), 
                item -> item.path("sessionId").asString().equals(request.path("sessionId").asString())
                        && item.path("kind").asString().equals("RESPONSE"));
        assertThat(responseEvent.path("status").asInt()).isEqualTo(200);
        assertThat(responseEvent.path("claims").path("repository").asString()).isEqualTo("acme/app");
    }

    @Test
    @Order(1)
    void secretsInAResponseAreMaskedForTheAgentAndNeverReachTheAuditDatabase() throws Exception {
        HttpResponse<String> response = proxy("GET", "/proxy/demo-http" + EchoTarget.LEAKY_PATH,
                oidc.ciToken(SUBJECT, CI_CLAIMS));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(EchoTarget.LEAKED_AWS_KEY).doesNotContain(EchoTarget.LEAKED_CARD)
                .contains("[REDACTED:aws-access-key]").contains("\"region\":\"eu-west-1\"");
        JsonNode masked = JSON.readTree(response.body());
        assertThat(masked.path("customer").path("name").asString()).as("structure and clean values kept").isEqualTo("Ada");

        String auditId = response.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        String sessionId = awaitEvent(auditId).path("sessionId").asString();
        JsonNode recorded = awaitSearch(Map.of("sessionId", sessionId), item -> item.path("kind").asString().equals("RESPONSE"));
        assertThat(recorded.path("masking").path("aws-access-key").asInt()).isEqualTo(1);
        assertThat(recorded.path("masking").path("card").asInt()).isEqualTo(1);
        assertThat(recorded.path("payload").asString()).contains("eu-west-1");

        // The raw table, every column as text: no clear-text occurrence anywhere.
        try (Connection db = DriverManager.getConnection(PostgresFixture.shared().jdbcUrl("gatehouse_audit"),
                PostgresFixture.shared().username(), PostgresFixture.shared().password());
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT e::text FROM events e")) {
            int seen = 0;
            while (rows.next()) {
                seen++;
                assertThat(rows.getString(1)).doesNotContain(EchoTarget.LEAKED_AWS_KEY).doesNotContain(EchoTarget.LEAKED_CARD);
            }
            assertThat(seen).isPositive();
        }
    }

    @Test
    @Order(2)
    void deleteIsRefusedWithTheRuleNamedNeverReachesTargetAndIsAudited() throws Exception {
        long before = echo.count();

        HttpResponse<String> response = proxy("DELETE", "/proxy/demo-http/items/7", oidc.ciToken(SUBJECT, CI_CLAIMS));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://gatehouse.dev/problems/policy-denied");
        assertThat(problem.path("ruleId").asString()).isEqualTo(DemoSetup.DENY_RULE);
        assertThat(echo.count()).isEqualTo(before);

        JsonNode denial = awaitSearch(Map.of("verdict", "DENY", "connection", "demo-http"),
                item -> item.path("operation").path("method").asString().equals("DELETE"));
        assertThat(denial.path("ruleId").asString()).isEqualTo(DemoSetup.DENY_RULE);
        assertThat(denial.path("subject").asString()).isEqualTo(SUBJECT);
        response.headers().firstValue("Gatehouse-Audit-Id").ifPresent(id -> assertThat(denial.path("id").asString()).isEqualTo(id));
    }

    @Test
    @Order(2)
    void writeWaitsForReviewNamesTheReviewRuleAndDoesNotReachTheTarget() throws Exception {
        long before = echo.count();

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(suite.url("edge-proxy")
                        + "/proxy/demo-http/items")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + oidc.ciToken(SUBJECT, CI_CLAIMS))
                .header("Prefer", "respond-async"));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("https://gatehouse.dev/problems/approval-pending");
        assertThat(problem.path("ruleId").asString()).isEqualTo(DemoSetup.REVIEW_RULE);
        assertThat(response.headers().firstValue("Gatehouse-Approval")).isPresent();
        assertThat(echo.count()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void aNewPolicyVersionAppliesAtOnceDespiteTheProxysDecisionCacheAndRollsBack() throws Exception {
        String token = oidc.ciToken(SUBJECT, CI_CLAIMS);
        assertThat(proxy("GET", "/proxy/demo-http/reports/1", token).statusCode()).isEqualTo(200);
        assertThat(proxy("GET", "/proxy/demo-http/reports/1", token).statusCode()).as("now cached").isEqualTo(200);
        String admin = oidc.internalToken("alice", "gatehouse-admin");
        String policy = suite.url("policy-service") + "/api/v1/policies";
        String stricter = DemoSetup.demoPolicy(suite).replace(
                "  - id: deny-delete\n",
                "  - id: no-reports\n    match: {http: {paths: [\"/reports/**\"]}}\n    action: deny\n"
                        + "  - id: deny-delete\n");

        HttpResponse<String> stored = send(HttpRequest.newBuilder(URI.create(policy))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(stricter)));
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        long version = JSON.readTree(stored.body()).path("version").asLong();

        // The change reaches the proxy over Kafka; until then its cache may still answer.
        await("the proxy applies policy version " + version).atMost(Duration.ofSeconds(30))
                .until(() -> proxy("GET", "/proxy/demo-http/reports/1", token).statusCode() == 403);
        JsonNode denied = JSON.readTree(proxy("GET", "/proxy/demo-http/reports/1", token).body());
        assertThat(denied.path("ruleId").asString()).isEqualTo("no-reports");

        HttpResponse<String> rolledBack = send(HttpRequest.newBuilder(URI.create(policy + "/versions/"
                        + (version - 1) + "/rollback"))
                .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(201);
        await("the proxy applies the rollback").atMost(Duration.ofSeconds(30))
                .until(() -> proxy("GET", "/proxy/demo-http/reports/1", token).statusCode() == 200);
    }

    @Test
    @Order(4)
    void badTokensGet401AndNeverReachTarget() throws Exception {
        String ci = OidcIssuer.CI;
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", oidc.expiredToken(ci, SUBJECT, OidcIssuer.AGENT_AUDIENCE, CI_CLAIMS));
        tokens.put("untrusted issuer", oidc.token("evil", SUBJECT, OidcIssuer.AGENT_AUDIENCE, CI_CLAIMS, Duration.ofMinutes(5)));
        tokens.put("internal issuer", oidc.internalToken("svc", "gatehouse-proxy"));
        tokens.put("wrong audience", oidc.token(ci, SUBJECT, "someone-else", CI_CLAIMS, Duration.ofMinutes(5)));
        tokens.put("alg none", oidc.unsignedToken(ci, SUBJECT, OidcIssuer.AGENT_AUDIENCE, CI_CLAIMS));
        tokens.put("hmac", oidc.hmacToken(ci, SUBJECT, OidcIssuer.AGENT_AUDIENCE, CI_CLAIMS));
        tokens.put("garbage", "not-a-jwt");
        long before = echo.count();

        assertThat(proxy("GET", "/proxy/demo-http/items/7", null).statusCode()).as("no token").isEqualTo(401);
        for (var entry : tokens.entrySet()) {
            HttpResponse<String> response = proxy("GET", "/proxy/demo-http/items/7", entry.getValue());
            assertThat(response.statusCode()).as(entry.getKey()).isEqualTo(401);
            assertThat(response.body()).as(entry.getKey()).doesNotContain(entry.getValue());
        }
        assertThat(echo.count()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void agentTokenIsRefusedByInternalServices() throws Exception {
        String agent = oidc.ciToken(SUBJECT, Map.of("repository", "acme/app", "groups", List.of("gatehouse-proxy")));

        HttpResponse<String> lease = send(HttpRequest.newBuilder(URI.create(suite.url("credential-vault") + "/api/v1/leases"))
                .header("Authorization", "Bearer " + agent).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"connection\":\"demo-http\"}")));
        HttpResponse<String> decision = send(HttpRequest.newBuilder(URI.create(suite.url("policy-service") + "/api/v1/decisions"))
                .header("Authorization", "Bearer " + agent).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(lease.statusCode()).isEqualTo(401);
        assertThat(lease.body()).doesNotContain(upstreamToken);
        assertThat(decision.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(6)
    void withPolicyServiceDownRequestsGet503AndTargetIsNotCalled() throws Exception {
        long before = echo.count();
        suite.stop("policy-service");
        try {
            // A path never decided before: the cache cannot answer, and nothing may guess.
            HttpResponse<String> response = proxy("GET", "/proxy/demo-http/never-decided", oidc.ciToken(SUBJECT, CI_CLAIMS));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(response.body()).path("type").asString())
                    .isEqualTo("https://gatehouse.dev/problems/unavailable");
            assertThat(echo.count()).isEqualTo(before);
        } finally {
            suite.startPolicy();
        }
        assertThat(proxy("GET", "/proxy/demo-http/never-decided", oidc.ciToken(SUBJECT, CI_CLAIMS)).statusCode())
                .as("recovers by itself once policy-service is back").isEqualTo(200);
    }

    @Test
    @Order(7)
    void withKafkaStoppedRequestsGet503AndTargetIsNotCalled() throws Exception {
        kafka.close();
        long before = echo.count();

        HttpResponse<String> response = proxy("GET", "/proxy/demo-http/items/7", oidc.ciToken(SUBJECT, CI_CLAIMS));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).path("type").asString())
                .isEqualTo("https://gatehouse.dev/problems/unavailable");
        assertThat(echo.count()).isEqualTo(before);
    }

    private static HttpResponse<String> proxy(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(suite.url("edge-proxy") + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitEvent(String id) {
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        HttpResponse<String> found = await("audit event " + id + " in the audit database").atMost(Duration.ofSeconds(30))
                .until(() -> send(HttpRequest.newBuilder(URI.create(suite.url("audit-service") + "/api/v1/events/" + id))
                        .header("Authorization", "Bearer " + auditor)), response -> response.statusCode() == 200);
        return JSON.readTree(found.body());
    }

    private static JsonNode awaitSearch(Map<String, String> filters, Predicate<JsonNode> wanted) {
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        StringBuilder query = new StringBuilder("?limit=100");
        filters.forEach((name, value) -> query.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI search = URI.create(suite.url("audit-service") + "/api/v1/events" + query);
        return await("an audit event matching " + filters).atMost(Duration.ofSeconds(30))
                .until(() -> firstMatch(search, auditor, wanted), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonNode> firstMatch(URI search, String token, Predicate<JsonNode> wanted) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(search).header("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(response.body()).path("items").forEach(items::add);
        return items.stream().filter(wanted).findFirst();
    }
}
