package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The audit events of one HTTP request, which is its own session for now: a refusal is one DECISION
 * event; an allowed request is REQUEST (seq 1) then RESPONSE (seq 2). No headers or bodies go in, so
 * neither the caller's token nor the injected credential can reach the trail.
 */
final class AuditEvents {

    private AuditEvents() {
    }

    static AuditEvent decision(String sessionId, CallerIdentity identity, Operation operation, Decision decision) {
        return event(Ids.uuidV7(), sessionId, 1, AuditEventKind.DECISION, identity, operation, decision, null, null,
                null);
    }

    /** An allowed operation that stopped before the target (no credential): a DECISION event with the status sent. */
    static AuditEvent unforwarded(String sessionId, CallerIdentity identity, Operation operation, Decision decision,
                                  int status) {
        return event(Ids.uuidV7(), sessionId, 1, AuditEventKind.DECISION, identity, operation, decision, null, status,
                null);
    }

    static AuditEvent request(String sessionId, CallerIdentity identity, Operation operation, Decision decision,
                              String leaseId) {
        return event(Ids.uuidV7(), sessionId, 1, AuditEventKind.REQUEST, identity, operation, decision, leaseId, null,
                null);
    }

    static AuditEvent response(ProxiedRequest request, Integer status, long durationMs) {
        return event(Ids.uuidV7(), request.sessionId(), 2, AuditEventKind.RESPONSE, request.identity(),
                request.operation(), request.decision(), request.leaseId(), status, durationMs);
    }

    // Request headers are left out: they are the policy's input, but may carry secrets of their own.
    private static AuditEvent event(UUID id, String sessionId, long seq, AuditEventKind kind, CallerIdentity identity,
                                    Operation operation, Decision decision, String leaseId, Integer status,
                                    Long durationMs) {
        return new AuditEvent(id, sessionId, seq, Instant.now(), kind, identity, operation.connection(),
                operation.protocol(), operation.withHeaders(Map.of()), decision.verdict(), decision.ruleId(), null, null,
                null, status, durationMs, decision.policyVersion(), leaseId);
    }
}
