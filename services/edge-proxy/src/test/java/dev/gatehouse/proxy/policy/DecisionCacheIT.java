package dev.gatehouse.proxy.policy;

import dev.gatehouse.model.PolicyChanged;
import dev.gatehouse.model.Topics;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision cache in the running proxy: repeats skip policy-service until a policy change arrives on Kafka. */
@TestPropertySource(properties = "gatehouse.proxy.policy.cache.enabled=true")
class DecisionCacheIT extends ProxyIntegrationTest {

    @Autowired
    DecisionCache cache;

    @Test
    void repeatsAreDecidedFromTheCacheUntilAPolicyChangeEventDropsIt() {
        long version = cache.version() + 10;
        POLICY.respond(200, allow("rule-allow-reads").replaceFirst("\\}$", ",\"policyVersion\":" + version + "}"));
        String token = agentToken();
        int asked = decisionCalls();

        assertThat(get("/proxy/cache-demo/items/1", token).statusCode()).isEqualTo(200);
        assertThat(get("/proxy/cache-demo/items/1", token).statusCode()).isEqualTo(200);
        assertThat(decisionCalls()).as("second request answered from the cache").isEqualTo(asked + 1);

        assertThat(get("/proxy/cache-demo/items/2", token).statusCode()).isEqualTo(200);
        assertThat(decisionCalls()).as("another path is another decision").isEqualTo(asked + 2);

        announce(version + 1);

        assertThat(get("/proxy/cache-demo/items/1", token).statusCode()).isEqualTo(200);
        assertThat(decisionCalls()).as("after the change the policy is asked again").isEqualTo(asked + 3);
    }

    @Test
    void refusalsAreCachedToo() {
        long version = cache.version() + 10;
        POLICY.respond(200, refuse("DENY", "rule-no").replaceFirst("\\}$", ",\"policyVersion\":" + version + "}"));
        String token = agentToken();
        int asked = decisionCalls();

        assertThat(get("/proxy/cache-demo/secret", token).statusCode()).isEqualTo(403);
        assertThat(get("/proxy/cache-demo/secret", token).statusCode()).isEqualTo(403);

        assertThat(decisionCalls()).isEqualTo(asked + 1);
    }

    @Test
    void callersMissingTogetherWithTheSameRequestShareOnePolicyCall() throws Exception {
        long version = cache.version() + 10;
        String answer = allow("rule-allow-reads").replaceFirst("\\}$", ",\"policyVersion\":" + version + "}");
        // a slow policy-service: every caller arrives while the first call is still out
        POLICY.respond(request -> {
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        });
        String token = agentToken();
        int asked = decisionCalls();

        List<CompletableFuture<Integer>> callers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                callers.add(CompletableFuture.supplyAsync(() -> get("/proxy/cache-burst/items/9", token).statusCode(), pool));
            }
            for (CompletableFuture<Integer> caller : callers) {
                assertThat(caller.get(30, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
        assertThat(decisionCalls()).as("one call for eight callers").isEqualTo(asked + 1);
    }

    /** Publishes until the proxy saw it: its consumer joins at the end of the topic, maybe after our first send. */
    private void announce(long version) {
        JsonMapper json = JsonMapper.builder().build();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            String event = json.writeValueAsString(new PolicyChanged(version, "alice", Instant.now(), null));
            Awaitility.await("proxy saw policy version " + version).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        producer.send(new ProducerRecord<>(Topics.POLICY, Long.toString(version), event)).get();
                        return cache.version() == version;
                    });
        }
    }

    /** Decision requests only: a refusal also reads the connection's type once per policy version. */
    private static int decisionCalls() {
        return (int) POLICY.received().stream().filter(received -> received.path().equals("/api/v1/decisions")).count();
    }
}
