package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More proxy replicas beside the test's own, against the same Kafka: the one holding a request resumes
 * it on the decision, whichever it is, and a decision that never comes over Kafka is still found.
 */
class ApprovalReplicasIT extends ApprovalIntegrationTest {

    private static final List<ConfigurableApplicationContext> REPLICAS = new ArrayList<>();

    @org.springframework.beans.factory.annotation.Autowired
    ConfigurableApplicationContext context;

    @AfterAll
    static void stopReplicas() {
        REPLICAS.forEach(ConfigurableApplicationContext::close);
        REPLICAS.clear();
    }

    @Test
    void theReplicaHoldingARequestIsReleasedByTheKafkaDecisionInItsOwnConsumerGroup() {
        ConfigurableApplicationContext replica = startReplica("10m");
        int before = TARGET.count();

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
                send(post(replica, "/proxy/appr-replica/x"), agentToken()));
        UUID id = awaitHeld("appr-replica");
        publish(APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "ok"));
        HttpResponse<String> response = held.join();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Gatehouse-Approval")).hasValue(id.toString());
        assertThat(TARGET.count()).isEqualTo(before + 1);
        assertThat(TARGET.last().header("Authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        String ownGroup = group(replica);
        assertThat(ownGroup).startsWith("gatehouse-proxy-").isNotEqualTo(group(context));
    }

    @Test
    void aDecisionMissedOnKafkaIsFoundByThePeriodicRestRecheck() {
        ConfigurableApplicationContext replica = startReplica("300ms");

        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() ->
                send(post(replica, "/proxy/appr-missed/x"), agentToken()));
        UUID id = awaitHeld("appr-missed");
        APPROVALS.decide(id, ApprovalStatus.APPROVED, "alice", "ok"); // and nothing published on Kafka
        HttpResponse<String> response = held.join();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(APPROVALS.approval(id).status()).isEqualTo(ApprovalStatus.CONSUMED);
    }

    private ConfigurableApplicationContext startReplica(String recheckInterval) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("gatehouse.proxy.trust.issuers[0].issuer", OIDC.issuerUrl(OidcIssuer.CI));
        properties.put("gatehouse.proxy.trust.issuers[0].audience", OidcIssuer.AGENT_AUDIENCE);
        properties.put("gatehouse.proxy.policy.url", POLICY.url());
        properties.put("gatehouse.proxy.policy.cache.enabled", "false");
        properties.put("gatehouse.proxy.vault.url", VAULT.url());
        properties.put("gatehouse.proxy.approval.url", APPROVALS.url());
        properties.put("gatehouse.proxy.approval.recheck-interval", recheckInterval);
        properties.put("spring.security.oauth2.client.provider.gatehouse.token-uri",
                OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        properties.put("spring.kafka.bootstrap-servers", KAFKA.bootstrapServers());
        try {
            properties.put("gatehouse.proxy.audit.spool-dir", Files.createTempDirectory("replica-spool").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // Command-line arguments, since default properties would lose to edge-proxy.yml.
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext replica = EdgeProxyApplication.application().run(args);
        REPLICAS.add(replica);
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.getBean(ApprovalDecisions.class).assigned());
        return replica;
    }

    private static String group(ConfigurableApplicationContext context) {
        return context.getBean("approvalDecisionContainer",
                org.springframework.kafka.listener.ConcurrentMessageListenerContainer.class).getGroupId();
    }

    private static HttpRequest.Builder post(ConfigurableApplicationContext replica, String path) {
        String port = replica.getEnvironment().getProperty("local.server.port");
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"replica\":true}"));
    }
}
