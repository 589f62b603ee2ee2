package dev.gatehouse.policy.version;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class PolicyChangePublisherTests {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, String> kafka = mock(KafkaTemplate.class);
    private final PolicyChangePublisher publisher = new PolicyChangePublisher(kafka, JsonMapper.builder().build(),
            new PolicyEventProperties(Duration.ofMillis(200), Duration.ofSeconds(5)));

    private final StoredVersion version = new StoredVersion(
            new VersionInfo(12, "alice", Instant.parse("2026-01-02T03:04:05Z"), "ab".repeat(32), "tighten reads", 9L),
            "connections: [{name: db, upstream: \"postgresql://secret-host/db\"}]", "https://idp", UUID.randomUUID(), false);

    @Test
    void reportsSuccessOnlyWhenBothEventsAreAcknowledged() {
        when(kafka.send(eq(Topics.POLICY), eq("12"), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        when(kafka.send(eq(Topics.AUDIT), eq("policy"), anyString())).thenReturn(CompletableFuture.completedFuture(null));
        assertThat(publisher.publish(version)).isTrue();

        when(kafka.send(eq(Topics.AUDIT), eq("policy"), anyString()))
                .thenReturn(CompletableFuture.failedFuture(new org.apache.kafka.common.errors.TimeoutException("no broker")));
        assertThat(publisher.publish(version)).isFalse();
    }

    @Test
    void givesUpAfterTheAckTimeout() {
        when(kafka.send(anyString(), anyString(), anyString())).thenReturn(new CompletableFuture<>());

        long started = System.nanoTime();
        assertThat(publisher.publish(version)).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aSendThatThrowsIsAFailureNotAnException() {
        when(kafka.send(anyString(), anyString(), anyString())).thenThrow(new org.apache.kafka.common.KafkaException("closed"));

        assertThat(publisher.publish(version)).isFalse();
    }

    @Test
    void theAuditEventCarriesMetadataNotTheDocument() {
        AuditEvent event = publisher.auditEvent(version);

        assertThat(event.id()).isEqualTo(version.auditEventId());
        assertThat(event.kind()).isEqualTo(AuditEventKind.POLICY_CHANGED);
        assertThat(event.sessionId()).isEqualTo("policy");
        assertThat(event.seq()).isEqualTo(12);
        assertThat(event.identity().issuer()).isEqualTo("https://idp");
        assertThat(event.identity().subject()).isEqualTo("alice");
        assertThat(event.policyVersion()).isEqualTo(12);
        assertThat(event.payload()).isEqualTo("{\"version\":12,\"sha256\":\"" + "ab".repeat(32)
                + "\",\"comment\":\"tighten reads\",\"rolledBackFrom\":9}").doesNotContain("secret-host");
    }
}
