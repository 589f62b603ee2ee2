package dev.gatehouse.proxy.gate;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalRequest;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.proxy.approval.ApprovalGate;
import dev.gatehouse.proxy.approval.ApprovalNotUsable;
import dev.gatehouse.proxy.audit.AuditFailures;
import dev.gatehouse.proxy.audit.AuditNotAcknowledged;
import dev.gatehouse.proxy.audit.AuditPublisher;
import dev.gatehouse.proxy.policy.PolicyClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.ArgumentCaptor;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The gate's rules with its collaborators faked; the protocols' own proofs are the adapters' ITs. */
class GateTests {

    private static final CallerIdentity AGENT = new CallerIdentity("http://ci", "repo:acme/app", Map.of());
    private static final Operation OPERATION = Operation.sql("pg", "DELETE FROM users");

    private PolicyClient policy;
    private AuditPublisher audit;
    private ApprovalGate approvals;
    private Review review;
    private Gate gate;

    @BeforeEach
    void fakes() {
        policy = mock(PolicyClient.class);
        audit = mock(AuditPublisher.class);
        approvals = mock(ApprovalGate.class);
        review = new Review(approvals);
        gate = new Gate(policy, audit, review);
    }

    @Test
    void anApprovalIsConsumedOnlyOnceItsRequestEventIsAcknowledged() {
        UUID id = UUID.randomUUID();
        // what AuditPublisher signals when the broker does not acknowledge in time (its own type is package-private to build)
        when(audit.publish(any())).thenReturn(Mono.error(new IllegalStateException("not acknowledged")));

        StepVerifier.create(gate.runApproved(event(id), id, "fp", AGENT, AuditSession.fresh()))
                .expectError(IllegalStateException.class).verify(Duration.ofSeconds(5));

        verify(approvals, never()).consume(any(), any(), any());
    }

    @Test
    void aRefusedConsumeIsApprovalRefusedWithApprovalServicesReason() {
        UUID id = UUID.randomUUID();
        when(audit.publish(any())).thenReturn(Mono.empty());
        when(approvals.consume(id, "fp", AGENT))
                .thenReturn(Mono.error(new ApprovalNotUsable("already-used", ApprovalStatus.CONSUMED, null)));

        StepVerifier.create(gate.runApproved(event(id), id, "fp", AGENT, AuditSession.fresh()))
                .expectErrorSatisfies(e -> {
                    ReviewOutcome.Refused refusal = ((ApprovalRefused) e).refusal();
                    assertThat(refusal.reason()).isEqualTo("already-used");
                    assertThat(refusal.decided()).isFalse();
                })
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void onlyAnAllowWhoseRuleSaysAsyncAndThatRunsUnderNoApprovalSkipsTheAcknowledgement() {
        assertThat(Gate.writeAhead(decision(Verdict.ALLOW, AuditMode.ASYNC), null)).isFalse();
        assertThat(Gate.writeAhead(decision(Verdict.ALLOW, AuditMode.ASYNC), "approval")).isTrue();
        assertThat(Gate.writeAhead(decision(Verdict.REVIEW, AuditMode.ASYNC), null)).isTrue();
        assertThat(Gate.writeAhead(decision(Verdict.ALLOW, AuditMode.WRITE_AHEAD), null)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = ApprovalStatus.class, names = {"APPROVED", "CONSUMED"})
    void approvedOrConsumedReleasesToTheAuthoritativeConsume(ApprovalStatus status) {
        assertThat(ApprovalRule.decided(decided(status))).isInstanceOf(ReviewOutcome.Released.class);
    }

    @ParameterizedTest
    @EnumSource(value = ApprovalStatus.class, names = {"REJECTED", "EXPIRED", "CANCELLED"})
    void rejectedExpiredOrCancelledRefuses(ApprovalStatus status) {
        ReviewOutcome outcome = ApprovalRule.decided(decided(status));
        assertThat(outcome).isInstanceOfSatisfying(ReviewOutcome.Refused.class, refused -> {
            assertThat(refused.decided()).isTrue();
            assertThat(refused.decidedStatus()).isEqualTo(status);
        });
    }

    @Test
    void aCallerThatGoesAwayWhileItsApprovalIsCreatedWithdrawsItOnceCreated() {
        Sinks.One<Approval> creating = Sinks.one();
        UUID id = UUID.randomUUID();
        when(approvals.request(any())).thenReturn(creating.asMono());
        when(approvals.cancel(id)).thenReturn(Mono.empty());

        Disposable caller = review.open(request()).subscribe();
        caller.dispose();
        verify(approvals, never()).cancel(any());
        creating.tryEmitValue(approval(id));

        verify(approvals).cancel(id);
    }

    @Test
    void aRequestKafkaDidNotAcknowledgeIsRefusedAndItsStepRecordedAsNotRun() {
        AuditEvent request = allowedRequest();
        when(audit.publish(any(), any())).thenReturn(Mono.error(AuditFailures.notAcknowledged()));

        StepVerifier.create(gate.recordRequest(request, decision(Verdict.ALLOW, AuditMode.WRITE_AHEAD), Runnable::run))
                .expectError(AuditNotAcknowledged.class).verify(Duration.ofSeconds(5));

        ArgumentCaptor<AuditEvent> recorded = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).publishAsync(recorded.capture());
        AuditEvent notRun = recorded.getValue();
        assertThat(notRun.kind()).isEqualTo(AuditEventKind.DECISION);
        assertThat(notRun.id()).isNotEqualTo(request.id());
        assertThat(notRun.sessionId()).isEqualTo(request.sessionId());
        assertThat(notRun.seq()).as("the outcome of the same step").isEqualTo(request.seq());
        assertThat(notRun.operation()).isEqualTo(request.operation());
        assertThat(notRun.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(notRun.status()).isEqualTo(503);
        assertThat(notRun.leaseId()).isEqualTo(request.leaseId());
    }

    @Test
    void anApprovedRunKafkaDidNotAcknowledgeIsRecordedAsNotRunAndKeepsItsApproval() {
        UUID id = UUID.randomUUID();
        when(audit.publish(any())).thenReturn(Mono.error(AuditFailures.notAcknowledged()));

        StepVerifier.create(gate.runApproved(event(id), id, "fp", AGENT, AuditSession.fresh()))
                .expectError(AuditNotAcknowledged.class).verify(Duration.ofSeconds(5));

        ArgumentCaptor<AuditEvent> recorded = ArgumentCaptor.forClass(AuditEvent.class);
        verify(audit).publishAsync(recorded.capture());
        assertThat(recorded.getValue().kind()).isEqualTo(AuditEventKind.DECISION);
        assertThat(recorded.getValue().approvalId()).isEqualTo(id.toString());
        verify(approvals, never()).consume(any(), any(), any());
    }

    @Test
    void anAcknowledgedRequestRecordsNothingElse() {
        when(audit.publish(any(), any())).thenReturn(Mono.empty());

        StepVerifier.create(gate.recordRequest(allowedRequest(), decision(Verdict.ALLOW, AuditMode.WRITE_AHEAD), Runnable::run))
                .verifyComplete();

        verify(audit, never()).publishAsync(any());
    }

    @Test
    void theSessionContinuesAfterTheNumbersApprovalServiceUsed() {
        UUID id = UUID.randomUUID();
        AuditSession session = AuditSession.fresh();
        assertThat(session.next()).isEqualTo(1);
        when(approvals.await(any(), any())).thenReturn(Mono.just(new ApprovalDecided(id, ApprovalStatus.APPROVED,
                session.id(), "fp", "alice", null, Instant.now(), 3)));

        StepVerifier.create(review.await(approval(id), Duration.ofSeconds(1), session))
                .expectNextMatches(ReviewOutcome.Released.class::isInstance).verifyComplete();

        assertThat(session.next()).as("after APPROVAL_REQUESTED 2 and APPROVAL_DECIDED 3").isEqualTo(4);
    }

    private static Decision decision(Verdict verdict, AuditMode mode) {
        return new Decision(verdict, "r", null, mode, null);
    }

    private static ApprovalDecided decided(ApprovalStatus status) {
        return new ApprovalDecided(UUID.randomUUID(), status, "s", "fp", "bob", "why", Instant.now(), 2);
    }

    private static AuditEvent allowedRequest() {
        return new AuditEvent(Ids.uuidV7(), "s", 2, Instant.now(), AuditEventKind.REQUEST, AGENT, "pg",
                Protocol.POSTGRES, OPERATION, Verdict.ALLOW, "r", null, Map.of(), null, null, null, 1L, "lease-1");
    }

    private static AuditEvent event(UUID approvalId) {
        return new AuditEvent(Ids.uuidV7(), "s", 1, Instant.now(), AuditEventKind.REQUEST, AGENT, "pg",
                Protocol.POSTGRES, OPERATION, Verdict.REVIEW, "r", approvalId.toString(), Map.of(), null, null, null,
                1L, null);
    }

    private static ApprovalRequest request() {
        return new ApprovalRequest("s", 1, AGENT, "pg", Protocol.POSTGRES, OPERATION, "DELETE FROM users", "fp", "r",
                1L, null);
    }

    private static Approval approval(UUID id) {
        return new Approval(id, ApprovalStatus.PENDING, "s", AGENT, "pg", Protocol.POSTGRES, "DELETE FROM users",
                "fp", "r", 1L, "gatehouse-reviewer", 1, List.of(), Instant.now(), Instant.now().plusSeconds(600),
                null, null, null, 1, "https://approvals.example/" + id);
    }
}
