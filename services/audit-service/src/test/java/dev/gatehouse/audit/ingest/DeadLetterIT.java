package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.KafkaFixture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.audit.AuditTestSupport.await;
import static dev.gatehouse.audit.AuditTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=audit-service")
class DeadLetterIT {

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestSupport.register(registry, "audit_dlq_it");
    }

    @Test
    void forwardsPoisonRecordsWithTheirReasonAndKeepsConsuming() {
        String session = "s-" + UUID.randomUUID();
        String poison = "not json {" + session;
        AuditEvent good = AuditTestSupport.event(session, 1, Instant.now(), AuditEventKind.REQUEST, "demo-http", "x",
                Verdict.ALLOW);
        try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
            send(producer, session, poison);
            send(producer, good);
        }
        await(Duration.ofSeconds(30), "good event", () -> jdbc.sql("SELECT count(*) FROM events WHERE id = ?")
                .param(good.id()).query(Integer.class).single() == 1);

        ConsumerRecord<String, String> dead = deadLetter(session);
        assertThat(dead.key()).isEqualTo(session);
        assertThat(dead.value()).isEqualTo(poison);
        assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .startsWith("not valid JSON");
        assertThat(new String(dead.headers().lastHeader(DeadLetters.ORIGIN).value(), StandardCharsets.UTF_8))
                .startsWith(Topics.AUDIT + "-");
        assertThat(jdbc.sql("SELECT count(*) FROM rejected_events WHERE raw = ?").param(poison).query(Integer.class)
                .single()).isEqualTo(1);
    }

    private static ConsumerRecord<String, String> deadLetter(String session) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaFixture.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(DeadLetters.TOPIC));
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await(Duration.ofSeconds(30), "dead letter of " + session, () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (session.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }
}
