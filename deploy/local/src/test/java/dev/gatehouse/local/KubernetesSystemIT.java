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
    void anExecOfACommandNoRuleAllowsIsRefusedBeforeAnyStreamOpensAndRecordedWithItsCommand() {
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
        assertThat(cluster.received()).as("no exec request reached the cluster")
                .noneMatch(call -> call.path().contains("/exec"));
        JsonNode denial = awaitSearch(Map.of("verdict", "DENY", "connection", DemoSetup.K8S_CONNECTION),
                item -> item.path("operation").path("path").asString().endsWith("/pods/worker/exec"));
        assertThat(denial.path("ruleId").asString()).isEqualTo("default-deny");
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
