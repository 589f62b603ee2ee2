package dev.gatehouse.proxy.approval;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What {@code GET /approvals/{id}} on the proxy shows the requesting agent: where its request stands
 * and what reviewers said. Reviewers are named by subject only; the command and the caller's claims are
 * the agent's own and not repeated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AgentApprovalView(UUID id, ApprovalStatus status, String ruleId, Instant expiresAt, Instant decidedAt,
                         List<Vote> votes) {

    record Vote(String reviewer, ApprovalStatus decision, String comment, Instant decidedAt) {
    }

    static AgentApprovalView of(Approval approval) {
        return new AgentApprovalView(approval.id(), approval.status(), approval.ruleId(), approval.expiresAt(),
                approval.decidedAt(), approval.votes().stream()
                .map(vote -> new Vote(vote.reviewerSubject(), vote.decision(), vote.comment(), vote.decidedAt()))
                .toList());
    }
}
