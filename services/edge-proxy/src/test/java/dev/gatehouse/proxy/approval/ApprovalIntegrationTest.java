package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.Topics;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The proxy with a fake approval-service. Held approvals are re-read over REST only every ten minutes
 * here, so a held request released within a test was released by the Kafka decision the test
 * published (or by the read right after it was held, which tests wait for before deciding).
 */
public abstract class ApprovalIntegrationTest extends ProxyIntegrationTest {

    protected static final FakeApprovalService APPROVALS = new FakeApprovalService();
    protected static final String PUBLIC_URL = "https://proxy.example";
    protected static final int MAX_BODY = 64 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static KafkaProducer<String, String> producer;

    @Autowired
    ApprovalDecisions decisions;

    @DynamicPropertySource
    static void approvalProperties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.approval.url", APPROVALS::url);
        registry.add("gatehouse.proxy.approval.public-url", () -> PUBLIC_URL);
        registry.add("gatehouse.proxy.approval.max-body", () -> MAX_BODY + "B");
        registry.add("gatehouse.proxy.approval.max-wait", () -> "20s");
        registry.add("gatehouse.proxy.approval.recheck-interval", () -> "10m");
    }

    @BeforeEach
    void reviewByDefault() {
        APPROVALS.down(false);
        APPROVALS.expireAfter(null);
        POLICY.respond(200, review("rule-review-writes"));
        await().atMost(Duration.ofSeconds(30)).until(decisions::assigned);
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
    }

    protected static String review(String ruleId) {
        return "{\"verdict\":\"REVIEW\",\"ruleId\":\"" + ruleId + "\",\"audit\":\"WRITE_AHEAD\",\"policyVersion\":7,"
                + "\"target\":{\"name\":\"echo\",\"protocol\":\"HTTP\",\"upstream\":\"" + TARGET.url() + "/base\"},"
                + "\"review\":{\"reviewers\":\"gatehouse-reviewer\",\"approvals\":1,\"expiry\":\"PT10M\"}}";
    }

    protected static String otherAgentToken() {
        return OIDC.ciToken("repo:evil/fork:ref:refs/heads/main", Map.of("repository", "evil/fork"));
    }

    /** Publishes a decision on gatehouse.approvals.v1 as approval-service does, keyed by the approval id. */
    protected static synchronized void publish(ApprovalDecided decision) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        }
        try {
            producer.send(new ProducerRecord<>(Topics.APPROVALS, decision.approvalId().toString(),
                    JSON.writeValueAsString(decision))).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the proxy created the approval for {@code connection} and read its state back (it is held). */
    protected static UUID awaitHeld(String connection) {
        await().atMost(Duration.ofSeconds(15)).until(() -> APPROVALS.forConnection(connection) != null);
        UUID id = APPROVALS.forConnection(connection).id();
        await().atMost(Duration.ofSeconds(15)).until(() -> APPROVALS.called("GET", "/api/v1/approvals/" + id));
        return id;
    }
}
