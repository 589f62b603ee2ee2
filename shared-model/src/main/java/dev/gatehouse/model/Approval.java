package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An approval request as its API returns it. {@code auditSeq} is the last audit sequence number used
 * in {@code sessionId} (the proxy numbers what follows after it); {@code windowUntil} is set when an
 * approved request may be re-used until then; {@code url} is where a person or a pipeline looks it up.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Approval(UUID id, ApprovalStatus status, String sessionId, CallerIdentity identity, String connection,
                       Protocol protocol, String command, String fingerprint, String ruleId, Long policyVersion,
                       String reviewers, int requiredApprovals, List<ApprovalVote> votes, Instant createdAt,
                       Instant expiresAt, Instant decidedAt, Instant windowUntil, Instant consumedAt, long auditSeq,
                       String url) {

    public Approval {
        votes = votes == null ? List.of() : List.copyOf(votes);
    }
}
