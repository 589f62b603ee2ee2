package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static dev.gatehouse.audit.AuditTestSupport.await;
import static dev.gatehouse.audit.AuditTestSupport.event;
import static dev.gatehouse.audit.AuditTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=audit-service")
class AuditIngestIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final KafkaProducer<String, String> producer = AuditTestSupport.producer();

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestSupport.register(registry, "audit_ingest_it");
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void storesEveryFieldOfAnEvent() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        AuditEvent event = event("s-" + UUID.randomUUID(), 3, at, AuditEventKind.RESPONSE, "demo-http",
                "repo:acme/app:ref:refs/heads/main", Verdict.ALLOW);

        send(producer, event);
        awaitStored(event.id());

        Map<String, Object> row = jdbc.sql("""
                        SELECT session_id, seq, occurred_at, kind, issuer, subject, claims->>'repository' AS repository,
                               connection, protocol, operation->>'path' AS path, verdict, rule_id,
                               (masking->>'aws-key')::int AS aws_keys, payload, status, duration_ms, policy_version,
                               lease_id, ingested_at
                        FROM events WHERE id = :id""")
                .param("id", event.id()).query().singleRow();
        assertThat(row).containsEntry("session_id", event.sessionId()).containsEntry("seq", 3L)
                .containsEntry("kind", "RESPONSE").containsEntry("issuer", "https://token.actions.githubusercontent.com")
                .containsEntry("subject", "repo:acme/app:ref:refs/heads/main").containsEntry("repository", "acme/app")
                .containsEntry("connection", "demo-http").containsEntry("protocol", "HTTP")
                .containsEntry("path", "/items/3").containsEntry("verdict", "ALLOW").containsEntry("rule_id", "rule-3")
                .containsEntry("aws_keys", 1).containsEntry("payload", "{\"masked\":\"***\"}")
                .containsEntry("status", 200).containsEntry("duration_ms", 12L)
                .containsEntry("policy_version", 4L).containsEntry("lease_id", "lease-3");
        assertThat(((java.sql.Timestamp) row.get("occurred_at")).toInstant()).isEqualTo(at);
        assertThat(row.get("ingested_at")).isNotNull();
    }

    @Test
    void storesARedeliveredEventOnce() {
        AuditEvent event = event("s-" + UUID.randomUUID(), 1, Instant.now(), AuditEventKind.REQUEST, "demo-http",
                "dup", Verdict.ALLOW);
        AuditEvent after = event(event.sessionId(), 2, Instant.now(), AuditEventKind.RESPONSE, "demo-http",
                "dup", Verdict.ALLOW);

        send(producer, event);
        send(producer, event);
        send(producer, after);
        // Same key, same partition: once the later event is stored, both copies have been consumed.
        awaitStored(after.id());

        assertThat(countEvents(event.id())).isEqualTo(1);
    }

    @Test
    void setsAsideMalformedRecordsAndKeepsConsuming() {
        String session = "s-" + UUID.randomUUID();
        String garbage = "not json {" + session;
        String missingId = "{\"sessionId\":\"" + session + "\",\"seq\":1,\"occurredAt\":\"2026-01-01T00:00:00Z\","
                + "\"kind\":\"REQUEST\"}";
        AuditEvent good = event(session, 2, Instant.now(), AuditEventKind.REQUEST, "demo-http", "x", Verdict.DENY);

        send(producer, session, garbage);
        send(producer, session, missingId);
        send(producer, good);
        awaitStored(good.id());

        var rejected = jdbc.sql("""
                        SELECT topic, kafka_partition, kafka_offset, reason, raw FROM rejected_events
                        WHERE raw LIKE :session ORDER BY kafka_offset""")
                .param("session", "%" + session + "%").query().listOfRows();
        assertThat(rejected).hasSize(2);
        assertThat(rejected.get(0)).containsEntry("topic", Topics.AUDIT).containsEntry("raw", garbage);
        assertThat((String) rejected.get(0).get("reason")).startsWith("not valid JSON");
        assertThat(rejected.get(1)).containsEntry("raw", missingId);
        assertThat((String) rejected.get(1).get("reason")).startsWith("not a valid AuditEvent").contains("id");
        assertThat((Long) rejected.get(1).get("kafka_offset")).isGreaterThan((Long) rejected.get(0).get("kafka_offset"));
    }

    @Test
    void keepsOnlyTheFirst64KibOfAHugeMalformedRecord() {
        String session = "s-" + UUID.randomUUID();
        String huge = session + "x".repeat(200_000);
        AuditEvent good = event(session, 1, Instant.now(), AuditEventKind.REQUEST, "demo-http", "x", Verdict.ALLOW);

        send(producer, session, huge);
        send(producer, good);
        awaitStored(good.id());

        Integer stored = jdbc.sql("SELECT octet_length(raw) FROM rejected_events WHERE raw LIKE :session")
                .param("session", session + "%").query(Integer.class).single();
        assertThat(stored).isEqualTo(64 * 1024);
    }

    private void awaitStored(UUID id) {
        await(TIMEOUT, "event " + id, () -> countEvents(id) > 0);
    }

    private int countEvents(UUID id) {
        return jdbc.sql("SELECT count(*) FROM events WHERE id = :id").param("id", id).query(Integer.class).single();
    }
}
