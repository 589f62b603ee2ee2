package dev.gatehouse.approval.request;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.ApprovalVote;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of {@code approval_requests} with its votes. {@code operation} is the masked operation as JSON. */
record StoredApproval(UUID id, ApprovalStatus status, String sessionId, CallerIdentity identity, String connection,
                      Protocol protocol, String operation, String command, String fingerprint, String ruleId,
                      Long policyVersion, String reviewers, int requiredApprovals, Duration window,
                      List<String> channels, Instant createdAt, Instant expiresAt, Instant decidedAt,
                      Instant windowUntil, Instant consumedAt, long auditSeq, List<ApprovalVote> votes) {

    StoredApproval {
        votes = votes == null ? List.of() : List.copyOf(votes);
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    /** A pending request past its deadline is expired even before the sweeper has written it down. */
    ApprovalStatus effectiveStatus(Instant now) {
        return status == ApprovalStatus.PENDING && !now.isBefore(expiresAt) ? ApprovalStatus.EXPIRED : status;
    }

    boolean oneTime() {
        return window.isZero();
    }

    long approvals() {
        return votes.stream().filter(vote -> vote.decision() == ApprovalStatus.APPROVED).count();
    }

    boolean hasVoteOf(CallerIdentity reviewer) {
        return votes.stream().anyMatch(vote -> vote.reviewerIssuer().equals(reviewer.issuer())
                && vote.reviewerSubject().equals(reviewer.subject()));
    }

    /** The comment of the vote that rejected the request, if any. */
    String rejectingComment() {
        return votes.stream().filter(vote -> vote.decision() == ApprovalStatus.REJECTED)
                .map(ApprovalVote::comment).findFirst().orElse(null);
    }

    StoredApproval withVote(ApprovalVote vote) {
        List<ApprovalVote> all = new java.util.ArrayList<>(votes);
        all.add(vote);
        return new StoredApproval(id, status, sessionId, identity, connection, protocol, operation, command,
                fingerprint, ruleId, policyVersion, reviewers, requiredApprovals, window, channels, createdAt,
                expiresAt, decidedAt, windowUntil, consumedAt, auditSeq, all);
    }

    StoredApproval decided(ApprovalStatus newStatus, Instant at, long seq) {
        Instant until = newStatus == ApprovalStatus.APPROVED && !oneTime() ? at.plus(window) : null;
        return new StoredApproval(id, newStatus, sessionId, identity, connection, protocol, operation, command,
                fingerprint, ruleId, policyVersion, reviewers, requiredApprovals, window, channels, createdAt,
                expiresAt, at, until, consumedAt, seq, votes);
    }

    StoredApproval withSeq(long seq) {
        return new StoredApproval(id, status, sessionId, identity, connection, protocol, operation, command,
                fingerprint, ruleId, policyVersion, reviewers, requiredApprovals, window, channels, createdAt,
                expiresAt, decidedAt, windowUntil, consumedAt, seq, votes);
    }

    StoredApproval consumed(Instant at) {
        ApprovalStatus newStatus = oneTime() ? ApprovalStatus.CONSUMED : status;
        return new StoredApproval(id, newStatus, sessionId, identity, connection, protocol, operation, command,
                fingerprint, ruleId, policyVersion, reviewers, requiredApprovals, window, channels, createdAt,
                expiresAt, decidedAt, windowUntil, at, auditSeq, votes);
    }

    Approval view(String url, Instant now) {
        return new Approval(id, effectiveStatus(now), sessionId, identity, connection, protocol, command, fingerprint,
                ruleId, policyVersion, reviewers, requiredApprovals, votes, createdAt, expiresAt, decidedAt,
                windowUntil, consumedAt, auditSeq, url);
    }
}
