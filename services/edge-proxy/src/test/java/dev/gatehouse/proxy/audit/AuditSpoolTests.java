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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuditSpoolTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path directory;

    @Test
    void spooledEventsStayOnDiskWhileTheBrokerIsAway() throws Exception {
        AuditSpool spool = spool(template("127.0.0.1:1"));
        spool.append(event("s-away"));
        spool.append(event("s-away"));

        spool.drain();

        assertThat(spool.pendingEvents()).isEqualTo(2);
        try (var files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).singleElement()
                    .satisfies(name -> assertThat(name).startsWith("claimed-"));
        }
    }

    @Test
    void drainResendsEverySpooledEventAndEmptiesTheSpool() throws Exception {
        KafkaFixture kafka = KafkaFixture.shared();
        AuditSpool spool = spool(template(kafka.bootstrapServers()));
        AuditEvent first = event("s-drain-" + Long.toString(System.nanoTime(), 36));
        AuditEvent second = event(first.sessionId());
        spool.append(first);
        spool.append(second);

        spool.drain();

        assertThat(spool.pendingEvents()).isZero();
        try (var files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
        assertThat(consumeIds(kafka, first.sessionId(), 2)).containsExactly(first.id().toString(), second.id().toString());
    }

    private AuditSpool spool(KafkaTemplate<String, String> template) {
        AuditProperties properties = new AuditProperties(Duration.ofSeconds(2), Duration.ofSeconds(1), directory, null, null);
        return new AuditSpool(properties, template, json, new SimpleMeterRegistry());
    }

    private static KafkaTemplate<String, String> template(String bootstrap) {
        Map<String, Object> config = Map.of("bootstrap.servers", bootstrap, "max.block.ms", 1000,
                "request.timeout.ms", 1000, "delivery.timeout.ms", 2000, "acks", "all");
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer()));
    }

    private static AuditEvent event(String sessionId) {
        return new AuditEvent(Ids.uuidV7(), sessionId, 2, Instant.now(), AuditEventKind.RESPONSE,
                new CallerIdentity("https://ci.example", "agent", Map.of()), "echo", null, null, null, null, null,
                null, null, 200, 5L);
    }

    private List<String> consumeIds(KafkaFixture kafka, String sessionId, int expected) {
        Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "spool-test-" + Long.toString(System.nanoTime(), 36), "auto.offset.reset", "earliest");
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
