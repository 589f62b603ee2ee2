package dev.gatehouse.proxy.approval;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate against a fake approval-service over real HTTP (no service token here). */
class ApprovalGateTests {

    private static final CallerIdentity AGENT = new CallerIdentity("http://ci", "repo:acme/app", Map.of());
    private static final String STATEMENT = "DELETE FROM users WHERE id = 5";

    private FakeApprovalService service;
    private SimpleMeterRegistry meters;
    private HeldApprovals held;
    private ApprovalGate gate;

    @BeforeEach
    void start() {
        service = new FakeApprovalService();
        gate = gate(URI.create(service.url()));
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private ApprovalGate gate(URI url) {
        ApprovalProperties properties = new ApprovalProperties(url, Duration.ofSeconds(10), null, null, null,
                Duration.ofMinutes(10));
        ApprovalClient client = new ApprovalClient(WebClient.create(), properties, JsonMapper.builder().build());
        meters = new SimpleMeterRegistry();
        held = new HeldApprovals(client, properties, meters);
        return new ApprovalGate(client, held);
    }

    private Approval requested() {
        String fingerprint = ApprovalFingerprint.sql("pg", STATEMENT);
        return gate.request(new ApprovalRequest("session-1", 3, AGENT, "pg", Protocol.POSTGRES,
                Operation.sql("pg", STATEMENT), STATEMENT, fingerprint, "rule-deletes", 4L, null)).block();
    }

    @Test
    void aDecisionMadeBeforeTheWaiterRegisteredIsNotMissed() {
        Approval approval = requested();
        service.decide(approval.id(), ApprovalStatus.APPROVED, "alice", "ok");

        ApprovalDecided decided = gate.await(approval.id(), Duration.ofSeconds(10)).block(Duration.ofSeconds(5));

        assertThat(decided).isNotNull();
        assertThat(decided.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(decided.decidedBy()).isEqualTo("alice");
        assertThat(decided.comment()).isEqualTo("ok");
        assertThat(decided.sessionId()).isEqualTo("session-1");
    }

    @Test
    void aKafkaDecisionWakesTheWaiterAndTheGaugeCountsIt() {
        Approval approval = requested();
        var waiting = gate.await(approval.id(), Duration.ofSeconds(10)).toFuture();
        org.awaitility.Awaitility.await().until(() -> meters.get(HeldApprovals.GAUGE).gauge().value() == 1.0);

        held.decided(service.decide(approval.id(), ApprovalStatus.REJECTED, "bob", "no"));

        assertThat(waiting.join().status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(meters.get(HeldApprovals.GAUGE).gauge().value()).isZero();
    }

    @Test
    void awaitIsEmptyWhenMaxWaitPassesFirst() {
        Approval approval = requested();

        assertThat(gate.await(approval.id(), Duration.ofMillis(200)).blockOptional(Duration.ofSeconds(5))).isEmpty();
        assertThat(meters.get(HeldApprovals.GAUGE).gauge().value()).isZero();
    }

    @Test
    void consumeRunsOnlyTheApprovedStatementForItsRequesterOnce() {
        Approval approval = requested();
        service.decide(approval.id(), ApprovalStatus.APPROVED, "alice", "only id 5");

        assertThatThrownBy(() -> gate.consume(approval.id(), ApprovalFingerprint.sql("pg", STATEMENT + " OR 1=1"),
                AGENT).block())
                .isInstanceOfSatisfying(ApprovalNotUsable.class, e -> {
                    assertThat(e.reason()).isEqualTo("different-command");
                    assertThat(e.status()).isEqualTo(ApprovalStatus.APPROVED);
                    assertThat(e.comment()).isEqualTo("only id 5");
                });
        assertThat(gate.consume(approval.id(), ApprovalFingerprint.sql("pg", STATEMENT), AGENT).block().status())
                .isEqualTo(ApprovalStatus.CONSUMED);
        assertThatThrownBy(() -> gate.consume(approval.id(), ApprovalFingerprint.sql("pg", STATEMENT), AGENT).block())
                .isInstanceOfSatisfying(ApprovalNotUsable.class, e -> assertThat(e.reason()).isEqualTo("already-used"));
    }

    @Test
    void aConsumptionAnsweredForAnotherOperationIsNotTrusted() {
        Approval approval = requested();
        service.decide(approval.id(), ApprovalStatus.APPROVED, "alice", "ok");
        service.answerConsumeWithFingerprint(ApprovalFingerprint.sql("pg", "DROP TABLE users"));

        assertThatThrownBy(() -> gate.consume(approval.id(), ApprovalFingerprint.sql("pg", STATEMENT), AGENT).block())
                .isInstanceOfSatisfying(ApprovalNotUsable.class, e -> assertThat(e.reason()).isEqualTo("different-command"));
    }

    @Test
    void aRejectionIsReportedAsRefusedWithTheComment() {
        Approval approval = requested();
        service.decide(approval.id(), ApprovalStatus.REJECTED, "bob", "use staging");

        assertThatThrownBy(() -> gate.consume(approval.id(), ApprovalFingerprint.sql("pg", STATEMENT), AGENT).block())
                .isInstanceOfSatisfying(ApprovalNotUsable.class, e -> {
                    assertThat(e.refused()).isTrue();
                    assertThat(e.comment()).isEqualTo("use staging");
                });
    }

    @Test
    void cancelWithdrawsAPendingApproval() {
        Approval approval = requested();

        gate.cancel(approval.id()).block();

        assertThat(service.approval(approval.id()).status()).isEqualTo(ApprovalStatus.CANCELLED);
        gate.cancel(approval.id()).block(); // already final: nothing to do, no error
    }

    @Test
    void serverErrorsAndUnreachableServiceAreApprovalUnavailable() {
        service.down(true);
        assertThatThrownBy(this::requested).isInstanceOf(ApprovalUnavailable.class);
        assertThatThrownBy(() -> gate.consume(UUID.randomUUID(), "f", AGENT).block())
                .isInstanceOf(ApprovalUnavailable.class);

        ApprovalGate nowhere = gate(URI.create("http://127.0.0.1:9"));
        assertThatThrownBy(() -> nowhere.cancel(UUID.randomUUID()).block()).isInstanceOf(ApprovalUnavailable.class);
        assertThatThrownBy(() -> nowhere.consume(UUID.randomUUID(), "f", AGENT).block())
                .isInstanceOf(ApprovalUnavailable.class);
    }

    @Test
    void anUnknownApprovalIsNotUsable() {
        assertThatThrownBy(() -> gate.consume(UUID.randomUUID(), "f", AGENT).block())
                .isInstanceOfSatisfying(ApprovalNotUsable.class, e -> assertThat(e.reason()).isEqualTo("unknown"));
    }

    @Test
    void agentWaitParameterIsBoundedAndStrict() {
        assertThat(AgentApprovalEndpoint.wait(null)).isZero();
        assertThat(AgentApprovalEndpoint.wait("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(AgentApprovalEndpoint.wait("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(AgentApprovalEndpoint.wait("10m")).isEqualTo(Duration.ofSeconds(AgentApprovalEndpoint.MAX_WAIT_SECONDS));
        assertThatThrownBy(() -> AgentApprovalEndpoint.wait("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentApprovalEndpoint.wait("PT5S")).isInstanceOf(IllegalArgumentException.class);
    }
}
