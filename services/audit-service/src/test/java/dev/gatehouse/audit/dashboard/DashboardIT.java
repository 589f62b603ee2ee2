package dev.gatehouse.audit.dashboard;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.audit.checkpoint.LedgerIntegrity;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.Browser;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import dev.gatehouse.testkit.RequiredTool;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.audit.AuditTestSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser against a real audit-service (embedded PostgreSQL and Kafka, events
 * produced as the proxy publishes them), a real OIDC login page and a stub approval-service.
 */
@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=audit-service", "gatehouse.audit.checkpoint.every=200ms",
                "gatehouse.audit.dashboard.poll-interval=1s"})
class DashboardIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String AUDITOR = "gatehouse-auditor";
    private static final String REVIEWER = "gatehouse-reviewer";
    private static final String REPOSITORY = "acme/dash-" + UUID.randomUUID().toString().substring(0, 8);
    /** The recorded-stream sessions' repository: their events must not show in the searches that count REPOSITORY's rows. */
    private static final String STREAM_REPOSITORY = "acme/streams-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SESSION = "s-dash-" + UUID.randomUUID();

    private static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final String CLIENT_ID = "gatehouse-dashboard";
    private static StubApprovalService approvals;
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    LedgerIntegrity integrity;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        approvals = new StubApprovalService();
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("audit_dashboard_it");
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaFixture.shared().bootstrapServers());
        registry.add("gatehouse.audit.ingest.group-id", () -> "gatehouse-audit-dashboard-it");
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> OIDC.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> OidcIssuer.INTERNAL_AUDIENCE);
        registry.add("gatehouse.audit.dashboard.issuer-uri", () -> OIDC.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("gatehouse.audit.dashboard.client-id", () -> CLIENT_ID);
        registry.add("gatehouse.audit.dashboard.approval-url", approvals::url);
    }

    /** Before the context boots: without a browser every test here would fail the same way, later. */
    @BeforeAll
    static void browserInstalled() {
        RequiredTool.chromium();
    }

    @BeforeAll
    static void seedOneSession() {
        try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
            sessionEvents().forEach(event -> AuditTestSupport.send(producer, event));
        }
    }

    @AfterAll
    static void stop() {
        if (approvals != null) {       // null when the class failed before the context started
            approvals.close();
        }
    }

    @Test
    void auditorSearchesByRepositoryAndOpensTheVerifiedSessionTimeline() {
        awaitSessionCheckpointed();
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/search", "alice", AUDITOR);
            browser.waitFor(By.id("f-repository")).sendKeys(REPOSITORY);
            new Select(browser.driver.findElement(By.id("f-verdict"))).selectByValue("");
            browser.driver.findElement(By.cssSelector(".filters button[type=submit]")).click();

            browser.waitFor(By.cssSelector("table.results"));
            assertThat(browser.driver.getCurrentUrl()).contains("repository=" + URLEncoder.encode(REPOSITORY, StandardCharsets.UTF_8));
            assertThat(browser.driver.findElements(By.cssSelector("table.results tbody tr"))).hasSize(6);
            assertThat(browser.text()).contains("DELETE FROM orders WHERE id = 42").contains("review-writes");
            browser.screenshot("search");
            browser.resize(390, 844);
            browser.screenshot("search-phone");
            browser.resize(1280, 900);

            browser.driver.findElement(By.cssSelector("a.session-link")).click();
            browser.waitFor(By.cssSelector("ol.timeline"));
            assertThat(browser.driver.findElements(By.cssSelector("ol.timeline > li"))).hasSize(6);
            assertThat(browser.driver.findElement(By.cssSelector(".integrity-box")).getText())
                    .contains("Verified.").contains("all 6 events");
            assertThat(browser.driver.findElements(By.cssSelector("pre.command .sql-keyword")).stream()
                    .map(e -> e.getText()).toList()).contains("DELETE", "FROM", "WHERE");
            assertThat(browser.text()).contains("APPROVED by alice-reviewer").contains("ticket OPS-7")
                    .contains("waited 2.0 s for review").contains("Masked: email ×1");
            // The payload that carries markup is shown as text and never runs.
            browser.driver.findElements(By.cssSelector("details summary")).forEach(summary -> summary.click());
            assertThat(browser.text()).contains("<script>window.pwned=true</script>");
            assertThat(browser.driver.executeScript("return window.pwned === undefined")).isEqualTo(true);
            browser.screenshot("session");
            browser.resize(390, 844);
            browser.screenshot("session-phone");
        }
    }

    @Test
    void anSshShellsRecordingIsReplayedAsTextInTheBrowser() {
        String session = "s-ssh-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
            sshSession(session).forEach(event -> AuditTestSupport.send(producer, event));
        }
        await(TIMEOUT, "ssh session " + session + " stored", () -> integrity.session(session, 100).events() == 3);
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/sessions/" + session, "alice", AUDITOR);
            org.openqa.selenium.WebElement cast = browser.waitFor(By.cssSelector("figure.cast"));
            assertThat(cast.getDomAttribute("data-state")).isEqualTo("ready");
            assertThat(browser.text()).contains("shell-input uptime");
            assertThat(cast.findElement(By.cssSelector(".cast-screen")).getText()).isEmpty();

            cast.findElement(By.cssSelector("button.cast-play")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Browser.WAIT)
                    .until(d -> cast.findElement(By.cssSelector(".cast-screen")).getText().contains("deploy@web-1:~$"));
            assertThat(cast.findElement(By.cssSelector(".cast-screen")).getText()).as("the last frame comes 2 s later")
                    .doesNotContain("logout");
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Browser.WAIT)
                    .until(d -> "done".equals(cast.getDomAttribute("data-state")));

            String screen = cast.findElement(By.cssSelector(".cast-screen")).getText();
            assertThat(screen).contains("deploy@web-1:~$ uptime").contains("load average: 0.01")
                    .contains("<img src=x onerror=window.castPwned=1>").contains("key=****").contains("logout")
                    .doesNotContain("[1;32m").doesNotContain("\u001b");
            assertThat(screen).as("a carriage return rewrites the line").contains("100%").doesNotContain("10%");
            assertThat(cast.findElement(By.cssSelector(".cast-clock")).getText()).isEqualTo("2.4 s");
            assertThat(browser.driver.executeScript("return window.castPwned === undefined")).isEqualTo(true);
            browser.screenshot("session-ssh-replay");
        }
    }

    @Test
    void aKubernetesExecsStreamIsInTheTimelineAndItsRecordingReplays() {
        String session = "s-k8s-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
            execSession(session).forEach(event -> AuditTestSupport.send(producer, event));
        }
        await(TIMEOUT, "exec session " + session + " stored", () -> integrity.session(session, 100).events() == 3);
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/sessions/" + session, "alice", AUDITOR);
            org.openqa.selenium.WebElement cast = browser.waitFor(By.cssSelector("figure.cast"));
            assertThat(browser.driver.findElements(By.cssSelector("figure.cast"))).as("only the stream's end replays")
                    .hasSize(1);
            cast.findElement(By.cssSelector("button.cast-play")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Browser.WAIT)
                    .until(d -> "done".equals(cast.getDomAttribute("data-state")));
            assertThat(cast.findElement(By.cssSelector(".cast-screen")).getText())
                    .contains("DATABASE_URL=postgresql://app:****@db").doesNotContain("typed-input");
        }
    }

    /** A kubectl exec as the edge-proxy publishes it: REQUEST, one event per message, the end with its recording. */
    private static List<AuditEvent> execSession(String session) {
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
                "repo:" + STREAM_REPOSITORY + ":ref:refs/heads/main", Map.of("repository", STREAM_REPOSITORY));
        Instant start = Instant.now().minusSeconds(10);
        String output = "HOME=/root\nDATABASE_URL=postgresql://app:****@db.internal:5432/orders\n";
        String cast = "{\"version\":2,\"width\":80,\"height\":24,\"timestamp\":1}\n"
                + "[0.000100,\"i\",\"typed-input\"]\n[0.200000,\"o\",\"" + output.replace("\n", "\\n") + "\"]\n";
        Operation request = new Operation("demo-k8s", Protocol.KUBERNETES, "GET", "/api/v1/namespaces/default/pods/toolbox/exec",
                "command=env&stdout=true", null, Map.of("upgrade", "websocket"));
        return List.of(
                k8sEvent(session, 1, start, AuditEventKind.REQUEST, identity, request, null),
                k8sEvent(session, 2, start.plusMillis(200), AuditEventKind.RESPONSE, identity,
                        request.withAttribute("stream.channel", "stdout"), output),
                k8sEvent(session, 3, start.plusMillis(300), AuditEventKind.RESPONSE, identity,
                        request.withAttribute("exec.exitCode", "0").withAttribute("recording", "asciicast-v2"), cast));
    }

    private static AuditEvent k8sEvent(String session, long seq, Instant at, AuditEventKind kind, CallerIdentity identity,
                                       Operation operation, String payload) {
        return new AuditEvent(Ids.uuidV7(), session, seq, at, kind, identity, "demo-k8s", Protocol.KUBERNETES, operation,
                Verdict.ALLOW, "k8s-exec-toolbox", null, null, payload, kind == AuditEventKind.RESPONSE ? 101 : null,
                null, 4L, null);
    }

    /** An SSH session as the edge-proxy publishes a shell: started, one typed line, the shell's end with its recording. */
    private static List<AuditEvent> sshSession(String session) {
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
                "repo:" + STREAM_REPOSITORY + ":ref:refs/heads/main", Map.of("repository", STREAM_REPOSITORY));
        Instant start = Instant.now().minusSeconds(30);
        String cast = String.join("\n", "{\"version\":2,\"width\":80,\"height\":24,\"env\":{\"TERM\":\"xterm\"}}",
                "[0.100000,\"o\",\"\\u001b[1;32mdeploy@web-1\\u001b[0m:~$ \"]",
                "[0.300000,\"o\",\"uptime\\r\\n 10:00:01 up 3 days, load average: 0.01\\r\\n\"]",
                "[0.400000,\"o\",\"<img src=x onerror=window.castPwned=1> key=****\\r\\ncopy 10%\\rcopy 100%\\r\\n\"]",
                // a 20 s idle pause, shortened to 2 s: the last frame plays at 0.4 + 2 = 2.4 s
                "[20.400000,\"o\",\"logout\\r\\n\"]", "");
        Operation shell = new Operation("web-1", Protocol.SSH, "shell", null, null, "",
                Map.of("exitStatus", "0", "recording", "asciicast-v2"));
        Operation typed = new Operation("web-1", Protocol.SSH, "shell-input", null, null, "uptime", Map.of("typed", "true"));
        return List.of(
                sshEvent(session, 1, start, AuditEventKind.SESSION_STARTED, identity, null, null, null),
                sshEvent(session, 2, start.plusMillis(300), AuditEventKind.REQUEST, identity, typed, Verdict.ALLOW, null),
                sshEvent(session, 3, start.plusSeconds(21), AuditEventKind.RESPONSE, identity, shell, Verdict.ALLOW, cast));
    }

    private static AuditEvent sshEvent(String session, long seq, Instant at, AuditEventKind kind, CallerIdentity identity,
                                       Operation operation, Verdict verdict, String payload) {
        return new AuditEvent(Ids.uuidV7(), session, seq, at, kind, identity, "web-1", Protocol.SSH, operation, verdict,
                verdict == null ? null : "shells-allowed", null, null, payload, kind == AuditEventKind.RESPONSE ? 0 : null,
                null, 4L, null);
    }

    @Test
    void shareableSearchUrlKeepsItsFiltersAndPagesByKeyset() {
        awaitSessionCheckpointed();
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/search?repository=" + REPOSITORY + "&kind=REQUEST", "alice", AUDITOR);
            browser.waitFor(By.cssSelector("table.results"));
            assertThat(browser.driver.findElement(By.id("f-repository")).getDomProperty("value")).isEqualTo(REPOSITORY);
            assertThat(browser.driver.findElements(By.cssSelector("table.results tbody tr"))).hasSize(1);

            browser.open("/dashboard/search?session=" + SESSION + "&verdict=NOPE");
            assertThat(browser.waitFor(By.cssSelector(".alert.error")).getText()).startsWith("verdict:");
        }
    }

    @Test
    void integrityPageShowsTheLatestSignedCheckpointVerified() {
        awaitSessionCheckpointed();
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/integrity", "alice", AUDITOR);
            String box = browser.waitFor(By.cssSelector(".integrity-box")).getText();
            assertThat(box).contains("Latest signed checkpoint").contains("Verified.");
            assertThat(browser.text()).contains(integrity.verifierKey());
            browser.screenshot("integrity");
        }
    }

    @Test
    void reviewerApprovesWithTheirOwnTokenAndNewRequestsAppearWithoutReload() {
        Approval drop = approvals.pending("orders-db", Protocol.POSTGRES,
                "DROP TABLE orders; -- '<script>alert(1)</script>'", "repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "workflow", "migrate", "run_id", "991", "actor", "dev-bot"));
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/approvals", "bob", REVIEWER);
            String card = browser.waitFor(By.id("approval-" + drop.id())).getText();
            assertThat(card).contains("DROP TABLE orders").contains("<script>alert(1)</script>")
                    .contains("acme/app").contains("migrate").contains("991").contains("review-writes");
            assertThat(browser.driver.findElements(By.cssSelector("#approval-" + drop.id() + " .sql-keyword"))).isNotEmpty();

            Approval later = approvals.pending("payments-api", Protocol.HTTP, "POST /refunds/77",
                    "repo:acme/pay:ref:refs/heads/main", Map.of("repository", "acme/pay"));
            browser.waitFor(By.id("approval-" + later.id()));
            browser.screenshot("approvals");
            browser.resize(390, 844);
            browser.screenshot("approvals-phone");
            browser.resize(1280, 900);

            browser.driver.findElement(By.id("approval-" + drop.id() + "-comment")).sendKeys("ticket OPS-9 <ok>");
            browser.driver.findElement(By.cssSelector("#approval-" + drop.id() + " button.approve")).click();
            assertThat(browser.waitFor(By.cssSelector(".alert.ok")).getText()).isEqualTo("Approved " + drop.id());
        }
        StubApprovalService.Received decision = approvals.decisions().getLast();
        assertThat(decision.path()).isEqualTo("/api/v1/approvals/" + drop.id() + "/approve");
        assertThat(StubApprovalService.JSON.readTree(decision.body()).path("comment").asString()).isEqualTo("ticket OPS-9 <ok>");
        JsonNode claims = jwtClaims(decision.authorization());
        assertThat(claims.path("sub").asString()).isEqualTo("bob");
        assertThat(claims.path("aud").valueStream().map(JsonNode::asString).toList()).contains(OidcIssuer.INTERNAL_AUDIENCE);
        assertThat(claims.path("groups").valueStream().map(JsonNode::asString).toList()).containsExactly(REVIEWER);
        // The same token is one the internal services accept: audit-service's own API takes it (403: no auditor role).
        assertThat(get("/api/v1/events", decision.authorization().substring("Bearer ".length())).statusCode()).isEqualTo(403);
    }

    @Test
    void approvalServiceRefusalIsShownWithItsDetail() {
        Approval decided = approvals.pending("orders-db", Protocol.POSTGRES, "TRUNCATE audit", "repo:acme/app",
                Map.of("repository", "acme/app"));
        approvals.markAlreadyDecided(decided.id());
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/approvals", "bob", REVIEWER);
            browser.waitFor(By.cssSelector("#approval-" + decided.id() + " button.reject")).click();
            assertThat(browser.waitFor(By.cssSelector(".alert.error")).getText())
                    .isEqualTo("approval-service refused (409): approval " + decided.id() + " was already decided");
        }
    }

    @Test
    void userWithoutReviewerGroupSeesNoButtonsAndAForgedPostIsRefused() throws Exception {
        Approval target = approvals.pending("orders-db", Protocol.POSTGRES, "DELETE FROM users", "repo:acme/app",
                Map.of("repository", "acme/app"));
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/approvals", "carol", AUDITOR);
            browser.waitFor(By.id("approval-" + target.id()));
            assertThat(browser.driver.findElements(By.cssSelector("button.approve, button.reject, form.decide"))).isEmpty();

            int before = approvals.decisions().size();
            String csrf = browser.driver.findElement(By.cssSelector("form.signout input[name=_csrf]")).getDomAttribute("value");
            HttpResponse<String> forged = post("/dashboard/approvals/" + target.id() + "/approve",
                    browser.cookie("JSESSIONID"), "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&comment=forged");

            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(approvals.decisions()).hasSize(before);
        }
    }

    @Test
    void aPostWithoutCsrfTokenIsRefused() throws Exception {
        Approval target = approvals.pending("orders-db", Protocol.POSTGRES, "DELETE FROM carts", "repo:acme/app",
                Map.of("repository", "acme/app"));
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/approvals", "bob", REVIEWER);
            browser.waitFor(By.id("approval-" + target.id()));
            int before = approvals.decisions().size();

            HttpResponse<String> noToken = post("/dashboard/approvals/" + target.id() + "/approve",
                    browser.cookie("JSESSIONID"), "comment=no-csrf");

            assertThat(noToken.statusCode()).isEqualTo(403);
            assertThat(approvals.decisions()).hasSize(before);
        }
    }

    @Test
    void apiStaysBearerOnlyWhileTheDashboardUsesSessions() throws Exception {
        assertThat(get("/api/v1/events?limit=1", OIDC.internalToken("api-auditor", AUDITOR)).statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = get("/api/v1/events", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/search", "alice", AUDITOR);
            HttpResponse<String> withCookie = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/events"))
                    .header("Cookie", "JSESSIONID=" + browser.cookie("JSESSIONID")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(withCookie.statusCode()).as("a session cookie never authenticates the API").isEqualTo(401);
        }
    }

    @Test
    void unauthenticatedVisitorIsSentToTheIssuerAndSignOutEndsTheSession() {
        try (Browser browser = browser()) {
            browser.open("/dashboard/integrity");
            browser.waitFor(By.name("username"));
            assertThat(browser.driver.getCurrentUrl()).startsWith(OIDC.issuerUrl(OidcIssuer.INTERNAL) + "/authorize")
                    .contains("code_challenge_method=S256").contains("code_challenge=");

            browser.signIn("/dashboard/integrity", "alice", AUDITOR);
            browser.waitFor(By.cssSelector("form.signout button")).click();
            browser.waitFor(By.tagName("h1"));
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Browser.WAIT)
                    .until(d -> d.getCurrentUrl().endsWith("/dashboard/signed-out"));
            browser.open("/dashboard/integrity");
            browser.waitFor(By.name("username"));
        }
    }

    @Test
    void auditorRoleIsNeededForTheAuditPages() {
        try (Browser browser = browser()) {
            browser.signIn("/dashboard/search", "bob", REVIEWER);
            assertThat(browser.waitFor(By.tagName("h1")).getText()).isEqualTo("Not allowed");
            assertThat(browser.driver.findElements(By.linkText("Search"))).isEmpty();
        }
    }

    private Browser browser() {
        return new Browser(base());
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private void awaitSessionCheckpointed() {
        await(TIMEOUT, "session " + SESSION + " stored and checkpointed", () -> {
            LedgerIntegrity.SessionStatus status = integrity.session(SESSION, 100);
            return status.events() == 6 && status.pending() == 0;
        });
    }

    private HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, String sessionCookie, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Cookie", "JSESSIONID=" + sessionCookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode jwtClaims(String authorization) {
        assertThat(authorization).startsWith("Bearer ");
        String payload = authorization.substring("Bearer ".length()).split("\\.")[1];
        return StubApprovalService.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    /** One session as the proxy publishes it: a SQL write held for review, approved, answered with a masked payload. */
    private static List<AuditEvent> sessionEvents() {
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
                "repo:" + REPOSITORY + ":ref:refs/heads/main", Map.of("repository", REPOSITORY, "workflow", "deploy",
                "run_id", "4242", "actor", "dev-bot", "groups", List.of("ci")));
        Operation delete = Operation.sql("orders-db", "DELETE FROM orders WHERE id = 42");
        Instant start = Instant.now().minusSeconds(60);
        String approvalId = UUID.randomUUID().toString();
        return List.of(
                event(1, start, AuditEventKind.SESSION_STARTED, identity, null, null, null, null, null, null),
                event(2, start.plusMillis(100), AuditEventKind.REQUEST, identity, delete, Verdict.REVIEW, null, null, null, null),
                event(3, start.plusMillis(150), AuditEventKind.APPROVAL_REQUESTED, identity, delete, Verdict.REVIEW, approvalId,
                        null, null, null),
                event(4, start.plusMillis(2150), AuditEventKind.APPROVAL_DECIDED, identity, delete, Verdict.ALLOW, approvalId,
                        "{\"decidedBy\":\"alice-reviewer\",\"status\":\"APPROVED\",\"comment\":\"ticket OPS-7\"}", null, null),
                event(5, start.plusMillis(2200), AuditEventKind.RESPONSE, identity, delete, Verdict.ALLOW, approvalId,
                        "{\"rows\":1,\"email\":\"***@***\"}", Map.of("email", 1), 35L),
                event(6, start.plusMillis(2300), AuditEventKind.SESSION_ENDED, identity, null, null, null,
                        "note: <script>window.pwned=true</script>", null, null));
    }

    private static AuditEvent event(long seq, Instant at, AuditEventKind kind, CallerIdentity identity, Operation operation,
                                    Verdict verdict, String approvalId, String payload, Map<String, Integer> masking,
                                    Long durationMs) {
        return new AuditEvent(Ids.uuidV7(), SESSION, seq, at, kind, identity, "orders-db", Protocol.POSTGRES, operation,
                verdict, verdict == null ? null : "review-writes", approvalId, masking, payload, null, durationMs, 4L, null);
    }
}
