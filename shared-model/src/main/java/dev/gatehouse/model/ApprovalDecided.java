package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.UUID;

/**
 * The value on {@link Topics#APPROVALS}, key = approval id: a request reached a decision
 * ({@code APPROVED}, {@code REJECTED}, {@code EXPIRED} or {@code CANCELLED}). Every edge-proxy replica
 * reads it; the one holding the request resumes it. {@code comment} is the deciding reviewer's;
 * {@code auditSeq} the sequence number of the decision's audit event in {@code sessionId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApprovalDecided(UUID approvalId, ApprovalStatus status, String sessionId, String fingerprint,
                             String decidedBy, String comment, Instant decidedAt, long auditSeq) {
}
