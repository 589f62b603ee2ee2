package dev.gatehouse.proxy.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Topics;
import dev.gatehouse.testkit.KafkaFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publisher against a real broker and an unreachable one: write-ahead events fail when not
 * acknowledged (never spooled, the action must not happen), after-the-fact events are spooled, and a
 * session's events reach the topic in the order they were published, whichever kind.
 */
class AuditPublisherTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void aWriteAheadEventTheBrokerDoesNotAcknowledgeFailsAndIsNotSpooled() throws Exception {
        AuditSpool spool = spool(template("127.0.0.1:1"));
        AuditPublisher publisher = publisher(template("127.0.0.1:1"), spool);
        try {
            assertThatThrownBy(() -> publisher.publish(event("s-down", 1)).block(Duration.ofSeconds(10)))
                    .isInstanceOf(AuditNotAcknowledged.class);
            assertThat(spool.pendingEvents()).isZero();
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void anAfterTheFactEventTheBrokerDoesNotAcknowledgeIsSpooled() throws Exception {
        AuditSpool spool = spool(template("127.0.0.1:1"));
        AuditPublisher publisher = publisher(template("127.0.0.1:1"), spool);
        try {
            publisher.publishAsync(event("s-down-async", 1));

            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> spool.pendingEvents() == 1);
        } finally {
            publisher.destroy();
        }
    }

    @Test
    void aSessionsEventsReachTheTopicInTheOrderTheyWerePublished() throws Exception {
        KafkaFixture kafka = KafkaFixture.shared();
        KafkaTemplate<String, String> template = template(kafka.bootstrapServers());
        AuditPublisher publisher = publisher(template, spool(template));
        String session = "s-order-" + System.nanoTime();
        List<String> published = new ArrayList<>();
        try {
            for (int seq = 1; seq <= 60; seq++) {
                AuditEvent event = event(session, seq);
                published.add(event.id().toString());
                if (seq % 3 == 0) {
                    publisher.publish(event).block(Duration.ofSeconds(10)); // a write-ahead REQUEST waits
                } else {
                    publisher.publishAsync(event); // RESPONSEs and ASYNC reads do not
                }
            }
            assertThat(consumeIds(kafka, session, published.size())).containsExactlyElementsOf(published);
        } finally {
            publisher.destroy();
        }
    }

    private AuditPublisher publisher(KafkaTemplate<String, String> template, AuditSpool spool) {
        return new AuditPublisher(template, json, properties(), spool);
    }

    private AuditSpool spool(KafkaTemplate<String, String> template) {
        return new AuditSpool(properties(), template, json, new SimpleMeterRegistry());
    }

    private AuditProperties properties() {
        return new AuditProperties(Duration.ofSeconds(3), Duration.ofSeconds(1), directory);
    }

    private static KafkaTemplate<String, String> template(String bootstrap) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "max.block.ms", 1000,
                "request.timeout.ms", 1000, "delivery.timeout.ms", 2000, "acks", "all", "linger.ms", 1,
                "compression.type", "lz4");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
    }

    private static AuditEvent event(String sessionId, long seq) {
        return new AuditEvent(Ids.uuidV7(), sessionId, seq, Instant.now(), AuditEventKind.RESPONSE,
                new CallerIdentity("https://ci.example", "agent", Map.of()), "echo", null, null, null, null, null,
                null, null, 200, 5L);
    }

    private List<String> consumeIds(KafkaFixture kafka, String sessionId, int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "publisher-test-" + System.nanoTime(), "auto.offset.reset", "earliest");
        List<String> ids = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ids.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (sessionId.equals(record.key())) {
                        ids.add(json.readValue(record.value(), AuditEvent.class).id().toString());
                    }
                });
            }
        }
        return ids;
    }
}
