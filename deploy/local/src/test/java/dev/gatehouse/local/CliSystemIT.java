package dev.gatehouse.local;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The CI kit against the real suite: the GitHub action's scripts under a simulated runner (login through
 * ACTIONS_ID_TOKEN_REQUEST_URL, exports into GITHUB_ENV that psql then uses, the summary into
 * GITHUB_STEP_SUMMARY), and each CLI command: receipt (verified offline with a key pinned out of band;
 * altered, wrong key, another caller's), explain, approvals wait. One suite for the class, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliSystemIT {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";
    private static final Map<String, String> CLAIMS = Map.of("repository", "acme/app", "ref", "refs/heads/main",
            "workflow", "deploy", "run_id", "77");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static OidcIssuer oidc;
    private static EchoTarget echo;
    private static Suite suite;
    private static GithubRunner runner;
    private static Map<String, String> jar;
    private static String logKey;
    private static String auditId;

    @BeforeAll
    static void start() throws Exception {
        oidc = OidcIssuer.shared();
        echo = EchoTarget.start(0);
        // a fixed PostgreSQL listener port: GET /connections advertises it to gatehouse env
        suite = Suite.start(new Infrastructure(PostgresFixture.shared(), KafkaFixture.shared(), oidc, echo),
                new Suite.Ports(0, 0, 0, 0, 0, freePort()));
        DemoSetup.seed(suite);
        runner = new GithubRunner(oidc, SUBJECT, CLAIMS);
        jar = Map.of("GATEHOUSE_JAR", GithubRunner.cliJar().toString());
        // pinned out of band: an auditor reads the key from audit-service itself, not through the proxy
        logKey = JSON.readTree(get(suite.url("audit-service") + "/api/v1/checkpoints/public-key",
                oidc.internalToken("auditor", "gatehouse-auditor")).body()).path("verifierKey").asString();
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
        if (suite != null) {
            suite.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    @Order(1)
    void theActionRefusesATokenForAnotherAudienceNamingBoth() throws Exception {
        runner.audienceServed = "sts.amazonaws.com";
        try {
            GithubRunner.Result start = runner.script("start.sh", Map.of("INPUT_URL", suite.url("edge-proxy"),
                    "INPUT_CONNECTIONS", "demo-db", "GATEHOUSE_JAR", jar.get("GATEHOUSE_JAR")));
            assertThat(start.exitCode()).isNotZero();
            assertThat(start.err()).contains("audience sts.amazonaws.com").contains("expects gatehouse");
            assertThat(runner.temp.resolve("gatehouse/token")).as("no token kept").doesNotExist();
        } finally {
            runner.audienceServed = null;
        }
    }

    @Test
    @Order(2)
    void theActionLogsInAndExportsWhatPsqlThenUses() throws Exception {
        GithubRunner.Result start = runner.script("start.sh", Map.of("INPUT_URL", suite.url("edge-proxy"),
                "INPUT_CONNECTIONS", "demo-db, demo-http", "GATEHOUSE_JAR", jar.get("GATEHOUSE_JAR")));
        assertThat(start.exitCode()).as(start.err()).isZero();
        Path token = runner.temp.resolve("gatehouse/token");
        assertThat(Files.getPosixFilePermissions(token)).extracting(Object::toString).containsExactlyInAnyOrder(
                "OWNER_READ", "OWNER_WRITE");
        String jwt = Files.readString(token).strip();
        Map<String, String> exported = runner.exported();
        assertThat(exported).containsEntry("PGDATABASE", "demo-db").containsEntry("PGPASSWORD", jwt)
                .containsEntry("PGSSLMODE", "require").containsEntry("PGPORT", String.valueOf(suite.proxyPostgresPort()))
                .containsEntry("GATEHOUSE_DEMO_HTTP_URL", suite.url("edge-proxy") + "/proxy/demo-http");
        // the token reaches the log only inside the runner's mask command, which the runner does not echo
        assertThat(start.out().replace("::add-mask::" + jwt, "")).doesNotContain(jwt);
        assertThat(start.err()).doesNotContain(jwt);

        ProcessBuilder psql = new ProcessBuilder(RequiredTool.psql().toString(), "-X", "-At", "-c",
                "SELECT count(*) > 0 FROM orders").redirectErrorStream(true);
        psql.environment().putAll(exported);
        Process run = psql.start();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(run.getInputStream().readAllBytes())).as("psql through Gatehouse with the exports")
                .contains("t");
    }

    @Test
    @Order(3)
    void aRealEventsReceiptVerifiesOfflineAndAnAlteredOneOrAnotherKeyIsRejected() throws Exception {
        HttpResponse<String> answer = get(suite.url("edge-proxy") + "/proxy/demo-http/items/7", token());
        assertThat(answer.statusCode()).isEqualTo(200);
        auditId = answer.headers().firstValue("Gatehouse-Audit-Id").orElseThrow();
        Path saved = runner.dir.resolve("receipt.json");

        GithubRunner.Result ok = runner.cli(Map.of("GATEHOUSE_LOG_KEY", logKey), "receipt", auditId, "--save", saved.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("receipt verified: event " + auditId).contains("demo-http")
                .contains("first checkpoint seen");

        ObjectNode altered = (ObjectNode) JSON.readTree(Files.readString(saved));
        ((ObjectNode) altered.get("event")).put("connection", "demo-db");
        Path tampered = Files.writeString(runner.dir.resolve("tampered.json"), JSON.writeValueAsString(altered));
        GithubRunner.Result rejected = runner.cli(Map.of("GATEHOUSE_LOG_KEY", logKey), "receipt", auditId, "--file",
                tampered.toString());
        assertThat(rejected.exitCode()).isEqualTo(3);
        assertThat(rejected.err()).contains("receipt REJECTED").contains("was altered");

        String otherKey = dev.gatehouse.ledger.SignedNote.verifierKey(logKey.split("\\+")[0], dev.gatehouse.ledger.SignedNote
                .raw(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
        GithubRunner.Result wrongKey = runner.cli(Map.of(), "receipt", auditId, "--file", saved.toString(), "--key", otherKey);
        assertThat(wrongKey.exitCode()).isEqualTo(3);
        assertThat(wrongKey.err()).contains("does not verify with the pinned key").contains("wrong key");

        GithubRunner.Result later = runner.cli(Map.of("GATEHOUSE_LOG_KEY", logKey), "receipt", auditId);
        assertThat(later.exitCode()).as(later.err()).isZero();
        assertThat(later.out()).contains("consistent with checkpoint");
    }

    @Test
    @Order(4)
    void anotherCallerCannotReadThisJobsReceipt() throws Exception {
        String other = oidc.ciToken("repo:evil/fork:ref:refs/heads/main", Map.of("repository", "evil/fork"));
        for (String path : new String[] {"/receipts/" + auditId,
                "/receipts/" + auditId + "?issuer=" + oidc.issuerUrl(OidcIssuer.CI) + "&subject=" + SUBJECT}) {
            HttpResponse<String> theirs = get(suite.url("edge-proxy") + path, other);
            assertThat(theirs.statusCode()).as(path).isEqualTo(404);
            assertThat(theirs.body()).doesNotContain("acme/app").doesNotContain("auditPath");
        }
        HttpResponse<String> own = get(suite.url("edge-proxy") + "/receipts/" + auditId, token());
        assertThat(own.statusCode()).as("the job itself can").isEqualTo(200);
    }

    @Test
    @Order(5)
    void explainNamesTheRuleAndWhyTheOthersDidNotMatchWithoutTheUpstream() {
        GithubRunner.Result explained = runner.cli(Map.of(), "explain", "demo-http", "-X", "DELETE", "--path", "/a");
        assertThat(explained.exitCode()).as(explained.err()).isZero();
        assertThat(explained.out()).startsWith("DENY by rule " + DemoSetup.DENY_RULE)
                .contains("not matched  " + DemoSetup.ALLOW_RULE).contains("DELETE");
        assertThat(explained.out()).doesNotContain(echo.url()).doesNotContain(String.valueOf(echo.port()));
    }

    @Test
    @Order(6)
    void approvalsWaitReturnsOnceAReviewerApproves() throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("edge-proxy")
                        + "/proxy/demo-http/orders/cli-" + Long.toString(System.nanoTime(), 36))).header("Authorization", "Bearer " + token())
                .header("Prefer", "respond-async").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String approval = accepted.headers().firstValue("Gatehouse-Approval").orElseThrow();
        Thread.ofVirtual().start(() -> approve(approval));
        GithubRunner.Result waited = runner.cli(Map.of(), "approvals", "wait", approval, "--timeout", "PT60S");
        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.out()).contains("APPROVED");
    }

    @Test
    @Order(7)
    void theEndStepWritesTheSummaryWithReceiptsAndDeletesTheToken() throws Exception {
        assertThat(get(suite.url("edge-proxy") + "/proxy/demo-http/gone", token(), "DELETE").statusCode()).isEqualTo(403);
        String summary = awaitSummary();
        assertThat(summary).contains("## Gatehouse audit summary").contains(auditId).contains(DemoSetup.DENY_RULE);
        GithubRunner.Result end = runner.script("end.sh", jar);
        assertThat(end.exitCode()).as(end.err()).isZero();
        assertThat(Files.readString(runner.summary)).contains("| time | connection |").contains(auditId);
        assertThat(runner.temp.resolve("gatehouse/token")).doesNotExist();
    }

    @Test
    @Order(8)
    @SuppressWarnings("unchecked")
    void theGitlabTemplatesScriptsLogInExportAndSummarize() throws Exception {
        Map<String, Object> template = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(
                Files.readString(GithubRunner.repository().resolve("ci/gitlab/gatehouse.gitlab-ci.yml")));
        Map<String, Object> job = (Map<String, Object>) template.get(".gatehouse");
        assertThat((Map<String, Object>) job.get("id_tokens")).containsKey("GATEHOUSE_ID_TOKEN");
        Path project = Files.createDirectories(runner.dir.resolve("gitlab-project"));
        Map<String, String> env = Map.of("GATEHOUSE_URL", suite.url("edge-proxy"), "GATEHOUSE_AUDIENCE", "gatehouse",
                "GATEHOUSE_CONNECTIONS", "demo-db", "GATEHOUSE_JAR_URL", "", "GATEHOUSE_HOME", project.resolve(".gatehouse").toString(),
                "GATEHOUSE_ID_TOKEN", oidc.ciToken(SUBJECT, CLAIMS), "GATEHOUSE_JAVA", System.getProperty("java.home"),
                "GATEHOUSE_JAR", jar.get("GATEHOUSE_JAR"),
                "PATH", GithubRunner.repository().resolve("cli/bin") + ":" + System.getenv("PATH"));
        // before_script and the job's script share one shell; after_script runs in a fresh one
        String script = ((java.util.List<String>) job.get("before_script")).getFirst()
                + "\n'" + RequiredTool.psql() + "' -X -At -c 'SELECT 42'\n";
        String[] main = bash(script, env, project);
        assertThat(main[0]).as(main[1]).isEqualTo("0");
        assertThat(main[1]).contains("42").doesNotContain(env.get("GATEHOUSE_ID_TOKEN"));
        String[] after = bash(((java.util.List<String>) job.get("after_script")).getFirst(), env, project);
        assertThat(after[0]).as(after[1]).isEqualTo("0");
        assertThat(Files.readString(project.resolve("gatehouse-summary.md"))).contains("## Gatehouse audit summary")
                .contains("| time | connection |");
        assertThat(project.resolve(".gatehouse/token")).doesNotExist();
    }

    private static String[] bash(String script, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(process.exitValue()), output};
    }

    /** The summary once the DELETE's event has arrived in the trail (Kafka to audit-service takes a moment). */
    private static String awaitSummary() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> runner.cli(Map.of(), "summary").out(), out -> out.contains(DemoSetup.DENY_RULE));
    }

    private static void approve(String approval) {
        try {
            Thread.sleep(1000); // the CLI is waiting by then
            HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("approval-service") + "/api/v1/approvals/" + approval
                            + "/approve")).header("Authorization", "Bearer " + oidc.internalToken("carol", "gatehouse-reviewer"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"ok\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token() throws Exception {
        return Files.readString(runner.temp.resolve("gatehouse/token")).strip();
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return get(url, token, "GET");
    }

    private static HttpResponse<String> get(String url, String token, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
