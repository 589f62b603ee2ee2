package dev.gatehouse.local;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real kubectl through Gatehouse (issue 19) against fabric8's API server double in CRUD mode over
 * TLS, with the five real services: the demo policy decides each API call with the Kubernetes meaning
 * of its path, the vault's bearer token goes to the cluster with the agent impersonated (never the
 * agent's JWT), refusals come back as Status objects kubectl prints, Secrets' values are masked, and
 * the trail holds every call with the CI claims.
 */
class KubernetesSystemIT {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";
    private static final Map<String, String> CI_CLAIMS = Map.of("repository", "acme/app", "ref", "refs/heads/main",
            "workflow", "deploy", "run_id", "4242");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static OidcIssuer oidc;
    private static EchoTarget echo;
    private static DemoCluster cluster;
    private static Suite suite;
    private static String clusterToken;
    private static String agentToken;
    private static Kubectl kubectl;

    @BeforeAll
    static void startSuite() {
        oidc = OidcIssuer.shared();
        echo = EchoTarget.start(0);
        cluster = DemoCluster.start(0);
        suite = Suite.start(new Infrastructure(PostgresFixture.shared(), KafkaFixture.shared(), oidc, echo, cluster),
                Suite.Ports.RANDOM);
        clusterToken = DemoSetup.clusterToken(DemoSetup.seed(suite));
        agentToken = oidc.ciToken(SUBJECT, CI_CLAIMS);
        kubectl = Kubectl.against(suite.proxyKubernetesPort(), suite.proxyKubernetesCertificate(),
                DemoSetup.K8S_CONNECTION, agentToken);
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void applyAndGetReachTheClusterAsTheImpersonatedAgentWithTheVaultsTokenNeverTheJwt() {
        Kubectl.Run applied = kubectl.run("apply", "--validate=false", "-f", kubectl.file("settings.yaml", configMap("settings")).toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("configmap/settings created");

        Kubectl.Run read = kubectl.run("get", "configmap", "settings", "-o", "jsonpath={.data.mode}");
        assertThat(read.exitCode()).as(read.output()).isZero();
        assertThat(read.output()).isEqualTo("fast");

        List<DemoCluster.Received> calls = cluster.received().stream()
                .filter(call -> call.path().contains("/configmaps")).toList();
        assertThat(calls).extracting(DemoCluster.Received::method).contains("POST", "GET");
        for (DemoCluster.Received call : calls) {
            assertThat(call.headers().get("impersonate-user")).containsExactly("gatehouse:" + SUBJECT);
            assertThat(call.headers().get("impersonate-group")).containsExactly("gatehouse:agents");
            assertThat(call.headers().get("impersonate-extra-repository")).containsExactly("acme/app");
            assertThat(call.headers().get("impersonate-extra-run-id")).containsExactly("4242");
            assertThat(call.headers().get("impersonate-extra-workflow")).containsExactly("deploy");
            // Compared, not printed: a failure must not put a credential into the test output.
            assertThat(call.headers().get("authorization").equals(List.of("Bearer " + clusterToken)))
                    .as("the cluster got the vault's token").isTrue();
        }
        assertThat(cluster.received().stream().noneMatch(call -> call.headers().toString().contains(agentToken)))
                .as("the agent's JWT never reaches the cluster").isTrue();
    }

    @Test
    void deleteDeniedByPolicyPrintsTheRuleAndTheObjectStays() {
        assertThat(kubectl.run("apply", "--validate=false", "-f", kubectl.file("keep.yaml", configMap("keep")).toString()).exitCode()).isZero();

        Kubectl.Run deleted = kubectl.run("delete", "configmap", "keep");

        assertThat(deleted.exitCode()).isNotZero();
        assertThat(deleted.output()).contains("Error from server (Forbidden)").contains("rule k8s-no-delete")
                .contains("auditId");
        assertThat(cluster.received()).noneMatch(call -> call.method().equals("DELETE") && call.path().contains("/keep"));
        Kubectl.Run still = kubectl.run("get", "configmap", "keep", "-o", "name");
        assertThat(still.exitCode()).as(still.output()).isZero();
        assertThat(still.output().trim()).isEqualTo("configmap/keep");

        JsonNode denial = awaitSearch(Map.of("verdict", "DENY", "connection", DemoSetup.K8S_CONNECTION),
                item -> item.path("operation").path("method").asString().equals("DELETE"));
        assertThat(denial.path("ruleId").asString()).isEqualTo("k8s-no-delete");
        assertThat(denial.path("subject").asString()).isEqualTo(SUBJECT);
        assertThat(denial.path("claims").path("repository").asString()).isEqualTo("acme/app");
        assertThat(denial.path("operation").path("path").asString()).isEqualTo("/api/v1/namespaces/default/configmaps/keep");
    }

    @Test
    void aDeleteHeldForReviewWaitsForTheReviewerAndThenRunsOnce() throws Exception {
        assertThat(kubectl.run("apply", "--validate=false", "-f",
                kubectl.file("review.yaml", configMap("review-me", "staging")).toString()).exitCode()).isZero();

        CompletableFuture<Kubectl.Run> deletion = CompletableFuture.supplyAsync(
                () -> kubectl.run("delete", "configmap", "review-me", "-n", "staging", "--wait=false"));
        JsonNode pending;
        try {
            pending = awaitPending("/configmaps/review-me");
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no approval pending; kubectl: " + (deletion.isDone() ? deletion.join() : "waiting"), e);
        }
        assertThat(pending.path("ruleId").asString()).isEqualTo("k8s-delete-needs-review");
        assertThat(pending.path("protocol").asString()).isEqualTo("KUBERNETES");
        assertThat(pending.path("command").asString()).startsWith("delete configmaps review-me -n staging");
        assertThat(deletion).as("kubectl waits while the delete is held").isNotDone();
        assertThat(cluster.received()).noneMatch(call -> call.method().equals("DELETE") && call.path().contains("/review-me"));

        HttpResponse<String> approved = decide(pending.path("id").asString(), "approve", "carol", "cleanup is fine");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);

        Kubectl.Run deleted = deletion.get(90, TimeUnit.SECONDS);
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        assertThat(deleted.output()).contains("configmap \"review-me\" deleted");
        assertThat(cluster.received()).filteredOn(call -> call.method().equals("DELETE") && call.path().contains("/review-me"))
                .singleElement().satisfies(call -> assertThat(call.headers().get("impersonate-user"))
                        .containsExactly("gatehouse:" + SUBJECT));
        assertThat(kubectl.run("get", "configmap", "review-me", "-n", "staging").output()).contains("NotFound");
    }

    @Test
    void anAllowedExecRunsAndTheTrailHoldsItsOutputMessageByMessageAndItsExitCode() {
        createPod("toolbox");

        Kubectl.Run exec = kubectl.run("exec", "toolbox", "--", "env");

        assertThat(exec.exitCode()).as(exec.output()).isZero();
        assertThat(exec.output()).contains("DATABASE_URL=postgresql://app:");
        assertThat(cluster.received()).filteredOn(call -> call.path().contains("/pods/toolbox/exec?command=env"))
                .extracting(call -> call.headers().get("impersonate-user"))
                .containsExactly(List.of("gatehouse:" + SUBJECT));
        JsonNode request = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "REQUEST"),
                item -> item.path("operation").path("path").asString().endsWith("/pods/toolbox/exec")
                        && item.path("operation").path("query").asString().contains("command=env"));
        assertThat(request.path("ruleId").asString()).isEqualTo("k8s-exec-toolbox");
        List<JsonNode> session = sessionEvents(request.path("sessionId").asString(), 3);
        JsonNode stdout = session.get(1);
        assertThat(stdout.path("kind").asString()).isEqualTo("RESPONSE");
        assertThat(stdout.path("operation").path("attributes").path("stream.channel").asString()).isEqualTo("stdout");
        assertThat(stdout.path("payload").asString()).contains("DATABASE_URL=").doesNotContain(DemoPodStreams.ENV_PASSWORD);
        JsonNode end = session.getLast();
        JsonNode attributes = end.path("operation").path("attributes");
        assertThat(attributes.path("exec.exitCode").asString()).isEqualTo("0");
        assertThat(attributes.path("recording").asString()).isEqualTo("asciicast-v2");
        assertThat(attributes.path("stream.protocol").asString()).isEqualTo("v5.channel.k8s.io over v4.channel.k8s.io");
        assertThat(end.path("payload").asString()).startsWith("{\"version\":2").contains("DATABASE_URL=")
                .doesNotContain(DemoPodStreams.ENV_PASSWORD);
        assertThat(end.path("claims").path("run_id").asString()).isEqualTo("4242");

        Kubectl.Run failing = kubectl.run("exec", "toolbox", "--", "exit", "3");
        assertThat(failing.exitCode()).as(failing.output()).isEqualTo(3);
    }

    @Test
    void anExecOfRmIsRefusedByItsRuleBeforeAnyStreamOpens() {
        createPod("toolbox");

        Kubectl.Run exec = kubectl.run("exec", "toolbox", "--", "rm", "-rf", "/data");

        assertThat(exec.exitCode()).isNotZero();
        assertThat(exec.output()).contains("rule k8s-no-rm-in-exec");
        assertThat(cluster.received().stream().map(DemoCluster.Received::path)).as("the cluster never got the upgrade")
                .noneMatch(path -> path.contains("/exec") && path.contains("command=rm"));
        JsonNode denial = awaitSearch(Map.of("verdict", "DENY", "connection", DemoSetup.K8S_CONNECTION),
                item -> item.path("operation").path("path").asString().endsWith("/pods/toolbox/exec"));
        assertThat(denial.path("ruleId").asString()).isEqualTo("k8s-no-rm-in-exec");
    }

    /** kubectl's SPDY fallback: bridged on the kubectl port to the WebSocket form, decided by the same rules. */
    @Test
    void anExecOverSpdyIsDecidedAndRecordedByTheSameRules() {
        createPod("toolbox");
        Map<String, String> spdy = Map.of("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false");

        Kubectl.Run exec = kubectl.runWith(spdy, "exec", "toolbox", "--", "echo", "over-spdy");
        Kubectl.Run denied = kubectl.runWith(spdy, "exec", "toolbox", "--", "rm", "-rf", "/spdy");

        assertThat(exec.exitCode()).as(exec.output()).isZero();
        assertThat(exec.output()).contains("over-spdy");
        JsonNode request = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "REQUEST"),
                item -> item.path("operation").path("query").asString().contains("command=over-spdy"));
        assertThat(request.path("ruleId").asString()).isEqualTo("k8s-exec-toolbox");
        List<JsonNode> session = sessionEvents(request.path("sessionId").asString(), 3);
        assertThat(session.get(1).path("payload").asString()).isEqualTo("over-spdy\n");
        assertThat(session.getLast().path("operation").path("attributes").path("exec.exitCode").asString()).isEqualTo("0");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.output()).contains("rule k8s-no-rm-in-exec");
        assertThat(cluster.received().stream().map(DemoCluster.Received::path)).as("no rm reached the cluster")
                .noneMatch(path -> path.contains("/exec") && path.contains("spdy") && path.contains("command=rm"));
    }

    @Test
    void attachIsRelayedOverWebSocketAndRecorded() {
        createPod("toolbox");

        Kubectl.Run attach = kubectl.run("attach", "toolbox");

        assertThat(attach.exitCode()).as(attach.output()).isZero();
        assertThat(attach.output()).contains("attached to toolbox: ready");
        JsonNode request = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "REQUEST"),
                item -> item.path("operation").path("path").asString().endsWith("/pods/toolbox/attach"));
        List<JsonNode> session = sessionEvents(request.path("sessionId").asString(), 3);
        assertThat(session.get(1).path("payload").asString()).isEqualTo("attached to toolbox: ready\n");
        assertThat(session.getLast().path("operation").path("attributes").path("exec.exitCode").asString()).isEqualTo("0");
    }

    @Test
    void aLargeLogFollowedByKubectlPassesWholeAndIsNotKeptByTheProxy() {
        createPod("toolbox");
        long baseline = retainedHeap();

        Kubectl.Run logs = kubectl.run("logs", "-f", "toolbox");

        assertThat(logs.exitCode()).as(logs.output().substring(0, Math.min(500, logs.output().length()))).isZero();
        int length = logs.output().length();
        assertThat(length).isGreaterThan(DemoPodStreams.LOG_BYTES - 200);
        assertThat(logs.output()).endsWith("status=200\n");
        logs = null; // the test's own copy of the log, not the proxy's
        long retained = retainedHeap() - baseline;
        System.out.printf("kubectl logs -f: %d bytes through the proxy, %d bytes more heap retained after%n",
                length, retained);
        assertThat(retained).as("the log is not kept").isLessThan(4L * 1024 * 1024);
        JsonNode response = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "RESPONSE"),
                item -> item.path("operation").path("path").asString().endsWith("/pods/toolbox/log"));
        assertThat(response.path("payload").asString().length()).as("the trail keeps the log's start only")
                .isLessThan(128 * 1024);
    }

    @Test
    void aWatchByKubectlPassesItsEvents() {
        assertThat(kubectl.run("apply", "--validate=false", "-f", kubectl.file("watched.yaml", configMap("watched")).toString())
                .exitCode()).isZero();

        Kubectl.Run watch = kubectl.run("get", "configmaps", "--watch-only", "-o", "name");

        assertThat(watch.exitCode()).as(watch.output()).isZero();
        assertThat(watch.output()).contains("configmap/watched");
        assertThat(cluster.received().stream().map(DemoCluster.Received::path))
                .anyMatch(path -> path.contains("/configmaps?") && path.contains("watch=true"));
        JsonNode response = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "RESPONSE"),
                item -> item.path("operation").path("query").asString().contains("watch=true"));
        assertThat(response.path("ruleId").asString()).isEqualTo("k8s-reads");
    }

    @Test
    void anExecOfRmInAnyPodIsRefusedBeforeAnyStreamOpensAndRecordedWithItsCommand() {
        Kubectl.Run created = kubectl.run("apply", "--validate=false", "-f", kubectl.file("pod.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: worker, namespace: default}
                spec: {containers: [{name: main, image: busybox}]}
                status: {phase: Running}
                """).toString());
        assertThat(created.exitCode()).as(created.output()).isZero();

        Kubectl.Run exec = kubectl.run("exec", "worker", "--", "rm", "-rf", "/data");

        assertThat(exec.exitCode()).isNotZero();
        assertThat(exec.output()).containsIgnoringCase("forbidden");
        // Paths only: a failure must not print the headers, which hold the cluster's token.
        assertThat(cluster.received().stream().map(DemoCluster.Received::path)).as("no exec request reached the cluster")
                .noneMatch(path -> path.contains("/pods/worker/exec"));
        JsonNode denial = awaitSearch(Map.of("verdict", "DENY", "connection", DemoSetup.K8S_CONNECTION),
                item -> item.path("operation").path("path").asString().endsWith("/pods/worker/exec"));
        assertThat(denial.path("ruleId").asString()).isEqualTo("k8s-no-rm-in-exec");
        assertThat(denial.path("operation").path("query").asString()).contains("command=rm").contains("command=-rf");
        assertThat(denial.path("claims").path("workflow").asString()).isEqualTo("deploy");
    }

    @Test
    void theReadmesCommandsWorkAsShown() {
        Kubectl.Run manifest = kubectl.run("create", "secret", "generic", "readme-db", "--from-literal=password=hunter2",
                "--dry-run=client", "-o", "yaml");
        assertThat(manifest.exitCode()).as(manifest.output()).isZero();
        Kubectl.Run secret = kubectl.run("apply", "--validate=false", "-f",
                kubectl.file("readme-db.yaml", manifest.output()).toString());
        assertThat(secret.exitCode()).as(secret.output()).isZero();

        Kubectl.Run read = kubectl.run("get", "secret", "readme-db", "-o", "yaml");

        assertThat(read.output()).contains("password: '[REDACTED:field]'").doesNotContain("aHVudGVyMg==");
        Kubectl.Run created = kubectl.run("create", "configmap", "readme", "--from-literal=mode=fast");
        assertThat(created.output()).as("kubectl create sends protobuf, which the double answers 415, not hangs")
                .contains("JSON bodies only");
    }

    @Test
    void aSecretsValuesAreMaskedForKubectlAndInTheTrail() {
        String password = "hunter2-" + Long.toHexString(System.nanoTime());
        String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        Kubectl.Run applied = kubectl.run("apply", "--validate=false", "-f", kubectl.file("secret.yaml", """
                apiVersion: v1
                kind: Secret
                metadata: {name: db, namespace: default}
                data: {password: %s}
                """.formatted(encoded)).toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).doesNotContain(encoded).doesNotContain(password);

        Kubectl.Run read = kubectl.run("get", "secret", "db", "-o", "yaml");

        assertThat(read.exitCode()).as(read.output()).isZero();
        assertThat(read.output()).contains("name: db").contains("password:").contains("REDACTED")
                .doesNotContain(encoded).doesNotContain(password);
        Kubectl.Run listed = kubectl.run("get", "secrets", "-o", "json");
        assertThat(listed.output()).contains("\"db\"").doesNotContain(encoded);

        JsonNode response = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "RESPONSE"),
                item -> item.path("operation").path("path").asString().endsWith("/secrets/db"));
        assertThat(response.path("payload").asString()).contains("REDACTED").doesNotContain(encoded);
        assertThat(response.path("claims").path("run_id").asString()).isEqualTo("4242");
        JsonNode created = awaitSearch(Map.of("connection", DemoSetup.K8S_CONNECTION, "kind", "REQUEST"),
                item -> item.path("operation").path("method").asString().equals("POST")
                        && item.path("operation").path("path").asString().endsWith("/secrets")
                        && item.path("payload").asString().contains("\"db\""));
        assertThat(created.path("payload").asString()).as("the applied object, masked").contains("REDACTED")
                .doesNotContain(encoded);
    }

    @Test
    void aClientsOwnImpersonationIsRefusedWithAStatusAndNothingIsForwarded() {
        // Discovery first, as the agent itself: with --as even discovery is refused, and kubectl's discovery
        // client reports a refused discovery as "unknown" rather than printing the Status.
        assertThat(kubectl.run("api-resources").exitCode()).isZero();
        Kubectl.Run asAdmin = kubectl.run("get", "configmaps", "--as", "system:admin", "--as-group", "system:masters");

        assertThat(asAdmin.exitCode()).isNotZero();
        assertThat(asAdmin.output()).contains("Error from server (Forbidden)").contains("Impersonate-*");
        assertThat(cluster.received()).noneMatch(call -> call.headers().getOrDefault("impersonate-user", List.of())
                .contains("system:admin"));
    }

    private static void createPod(String name) {
        Kubectl.Run created = kubectl.run("apply", "--validate=false", "-f", kubectl.file(name + ".yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default}
                spec: {containers: [{name: main, image: busybox, stdin: true}]}
                status: {phase: Running, containerStatuses: [{name: main, ready: true, state: {running: {}}}]}
                """.formatted(name)).toString());
        assertThat(created.exitCode()).as(created.output()).isZero();
    }

    /** A session's events in seq order, once at least {@code atLeast} and its RESPONSE with an exit code are in. */
    private static List<JsonNode> sessionEvents(String sessionId, int atLeast) {
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        URI search = URI.create(suite.url("audit-service") + "/api/v1/events?limit=200&order=asc&sessionId="
                + URLEncoder.encode(sessionId, StandardCharsets.UTF_8));
        return await("the events of session " + sessionId).atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(search)
                    .header("Authorization", "Bearer " + auditor).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            List<JsonNode> items = new ArrayList<>();
            JSON.readTree(response.body()).path("items").forEach(items::add);
            items.sort(java.util.Comparator.comparingLong(item -> item.path("seq").asLong()));
            return items;
        }, items -> items.size() >= atLeast && items.getLast().path("operation").path("attributes").has("exec.exitCode"));
    }

    private static long retainedHeap() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String configMap(String name) {
        return configMap(name, "default");
    }

    private static String configMap(String name, String namespace) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s, namespace: %s}
                data: {mode: fast}
                """.formatted(name, namespace);
    }

    /** The pending approval whose command names {@code path}, as a reviewer lists it. */
    private static JsonNode awaitPending(String path) {
        URI list = URI.create(suite.url("approval-service") + "/api/v1/approvals?status=PENDING&subject="
                + URLEncoder.encode(SUBJECT, StandardCharsets.UTF_8));
        String token = oidc.internalToken("lister", "gatehouse-reviewer");
        return await("a pending approval for " + path).atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(list)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            for (JsonNode approval : body.isArray() ? body : body.path("items")) {
                if (approval.path("command").asString().contains(path)) {
                    return approval;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    private static HttpResponse<String> decide(String id, String action, String reviewer, String comment)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("approval-service") + "/api/v1/approvals/" + id
                        + "/" + action))
                .header("Authorization", "Bearer " + oidc.internalToken(reviewer, "gatehouse-reviewer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("comment", comment))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode awaitSearch(Map<String, String> filters, Predicate<JsonNode> wanted) {
        String auditor = oidc.internalToken("auditor", "gatehouse-auditor");
        StringBuilder query = new StringBuilder("?limit=200");
        filters.forEach((name, value) -> query.append('&').append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        URI search = URI.create(suite.url("audit-service") + "/api/v1/events" + query);
        return await("an audit event matching " + filters).atMost(Duration.ofSeconds(30))
                .until(() -> firstMatch(search, auditor, wanted), found -> found != null);
    }

    private static JsonNode firstMatch(URI search, String token, Predicate<JsonNode> wanted) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(search).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        JSON.readTree(response.body()).path("items").forEach(items::add);
        return items.stream().filter(wanted).findFirst().orElse(null);
    }
}
