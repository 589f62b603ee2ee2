package dev.gatehouse.approval.request;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** An approval request as reviewers see it. */
record ApprovalView(UUID id, String connection, String requesterIssuer, String requesterSubject, JsonNode operation,
                    String commandHash, ApprovalStatus status, int requiredApprovals, Instant createdAt,
                    Instant expiresAt) {
}
