package dev.gatehouse.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Wiring shared by the integration tests: each test class gets its own database and consumer group,
 * so classes stay independent although they share one broker and one topic.
 */
public final class AuditTestSupport {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditTestSupport() {
    }

    public static void register(DynamicPropertyRegistry registry, String name) {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase(name);
        OidcIssuer oidc = OidcIssuer.shared();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
        registry.add("spring.kafka.bootstrap-servers", () -> KafkaFixture.shared().bootstrapServers());
        registry.add("gatehouse.audit.ingest.group-id", () -> "gatehouse-audit-" + name);
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> oidc.issuerUrl(OidcIssuer.INTERNAL));
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> OidcIssuer.INTERNAL_AUDIENCE);
    }

    public static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.shared().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    /** Sends and waits for the broker's acknowledgement, as the edge-proxy does under write-ahead audit. */
    public static void send(KafkaProducer<String, String> producer, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(Topics.AUDIT, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce to " + Topics.AUDIT, e);
        }
    }

    public static void send(KafkaProducer<String, String> producer, AuditEvent event) {
        send(producer, event.sessionId(), JSON.writeValueAsString(event));
    }

    public static AuditEvent event(String sessionId, long seq, Instant at, AuditEventKind kind, String connection,
                                   String subject, Verdict verdict) {
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com", subject,
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "groups", List.of("ci", "deploy")));
        Operation operation = Operation.http(connection, "GET", "/items/" + seq, "q=1");
        return new AuditEvent(Ids.uuidV7(), sessionId, seq, at, kind, identity, connection, Protocol.HTTP, operation,
                verdict, "rule-" + seq, null, Map.of("aws-key", 1), "{\"masked\":\"***\"}", 200, 12L, 4L,
                "lease-" + seq);
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }
}
