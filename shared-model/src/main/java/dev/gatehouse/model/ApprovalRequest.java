package dev.gatehouse.model;

import java.util.Objects;

/**
 * {@code POST /api/v1/approvals} (edge-proxy only): hold this exact operation for review.
 * {@code command} is the operation as a reviewer reads it, already masked; {@code fingerprint} is the
 * proxy's hash of the exact operation (connection, method, path, query, body or SQL text), to which the
 * approval is bound. {@code seq} is the last audit sequence number the proxy used in {@code sessionId}:
 * approval-service numbers its own audit events of that session after it, so a replay reads in order.
 */
public record ApprovalRequest(String sessionId, long seq, CallerIdentity identity, String connection,
                              Protocol protocol, Operation operation, String command, String fingerprint,
                              String ruleId, Long policyVersion, ReviewSettings review) {

    public ApprovalRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(fingerprint, "fingerprint");
        review = review == null ? ReviewSettings.DEFAULT : review;
    }
}
