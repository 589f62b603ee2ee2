package dev.gatehouse.policy.version;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Topics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;

/**
 * The events of a version. What the send path did here before (acknowledged only when both events
 * are, gives up after the ack timeout, a throwing send is a failure) is the shared outbox's now:
 * service-support's OutboxSenderTests.
 */
class PolicyChangeEventsTests {

    private final PolicyEventOutbox outbox = mock(PolicyEventOutbox.class);
    private final PolicyVersionRepository repository = mock(PolicyVersionRepository.class);
    private final PolicyChangeEvents events = new PolicyChangeEvents(outbox, repository, JsonMapper.builder().build());

    private final StoredVersion version = new StoredVersion(
            new VersionInfo(12, "alice", Instant.parse("2026-01-02T03:04:05Z"), "ab".repeat(32), "tighten reads", 9L),
            "connections: [{name: db, upstream: \"postgresql://secret-host/db\"}]", "https://idp", UUID.randomUUID(), false);

    @Test
    void handsBothEventsToTheOutboxAndMarksTheVersionPublished() {
        events.handOver(version);

        var order = inOrder(outbox, repository);
        order.verify(outbox).enqueue(eq(Topics.POLICY), eq("12"), any());
        order.verify(outbox).enqueue(eq(Topics.AUDIT), eq("policy"), any(AuditEvent.class));
        order.verify(repository).markPublished(12);
    }

    @Test
    void theAuditEventCarriesMetadataNotTheDocument() {
        AuditEvent event = events.auditEvent(version);

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
