package dev.gatehouse.audit.search;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/** One stored audit event as the API returns it; claims, operation and masking are JSON objects. */
public record EventView(UUID id, String sessionId, long seq, String kind, Instant occurredAt, String connection,
                 String protocol, String verdict, String ruleId, String approvalId, String issuer, String subject,
                 JsonNode claims, JsonNode operation, JsonNode masking, String payload, Integer status,
                 Long durationMs, Long policyVersion, String leaseId) {

    EventCursor cursor() {
        return new EventCursor(occurredAt, id);
    }
}
