package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of the audit trail (contract, docs/architecture.md §4), the value of a record on
 * {@link Topics#AUDIT} keyed by {@code sessionId}. {@code payload} is already masked: a secret never
 * reaches Kafka in clear text. {@code masking} counts what was masked, by detector. {@code policyVersion}
 * is the policy version that decided, {@code leaseId} the vault lease whose credential was used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(UUID id, String sessionId, long seq, Instant occurredAt, AuditEventKind kind,
                         CallerIdentity identity, String connection, Protocol protocol, Operation operation,
                         Verdict verdict, String ruleId, String approvalId, Map<String, Integer> masking,
                         String payload, Integer status, Long durationMs, Long policyVersion, String leaseId) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        masking = masking == null ? Map.of() : Map.copyOf(masking);
    }

    public AuditEvent(UUID id, String sessionId, long seq, Instant occurredAt, AuditEventKind kind,
                      CallerIdentity identity, String connection, Protocol protocol, Operation operation,
                      Verdict verdict, String ruleId, String approvalId, Map<String, Integer> masking,
                      String payload, Integer status, Long durationMs) {
        this(id, sessionId, seq, occurredAt, kind, identity, connection, protocol, operation, verdict, ruleId,
                approvalId, masking, payload, status, durationMs, null, null);
    }
}
