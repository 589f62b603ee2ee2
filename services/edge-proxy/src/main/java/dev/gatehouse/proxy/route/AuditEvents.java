package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.MaskResult;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingCounts;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit events of one HTTP request, which is its own session for now: a refusal is one DECISION
 * event; an allowed request is REQUEST (seq 1) then RESPONSE (seq 2). Everything recorded is masked
 * with every detector first (path, query, SQL text, response payload), so a secret the caller sent
 * or the target returned never reaches Kafka in clear; request headers are left out altogether.
 */
@Component
class AuditEvents {

    private final Masking masking;

    AuditEvents(Masking masking) {
        this.masking = masking;
    }

    AuditEvent decision(String sessionId, CallerIdentity identity, Operation operation, Decision decision) {
        return event(sessionId, 1, AuditEventKind.DECISION, identity, operation, decision, null, null, null, null, null);
    }

    /** An allowed operation that stopped before the target (no credential): a DECISION event with the status sent. */
    AuditEvent unforwarded(String sessionId, CallerIdentity identity, Operation operation, Decision decision, int status) {
        return event(sessionId, 1, AuditEventKind.DECISION, identity, operation, decision, null, status, null, null,
                null);
    }

    AuditEvent request(String sessionId, CallerIdentity identity, Operation operation, Decision decision,
                       String leaseId) {
        return event(sessionId, 1, AuditEventKind.REQUEST, identity, operation, decision, leaseId, null, null, null,
                null);
    }

    AuditEvent response(ProxiedRequest request, Integer status, long durationMs, ResponseCapture capture) {
        MaskResult payload = capture == null ? null : capture.payload(masking.audit());
        Map<String, Integer> spared = capture == null ? Map.of() : capture.counts();
        return event(request.sessionId(), 2, AuditEventKind.RESPONSE, request.identity(), request.operation(),
                request.decision(), request.leaseId(), status, durationMs, payload, spared);
    }

    private AuditEvent event(String sessionId, long seq, AuditEventKind kind, CallerIdentity identity,
                             Operation operation, Decision decision, String leaseId, Integer status, Long durationMs,
                             MaskResult payload, Map<String, Integer> spared) {
        AuditPayloadMasker auditMasker = masking.audit();
        MaskingCounts counts = new MaskingCounts();
        Operation recorded = recorded(operation, auditMasker, counts);
        if (payload != null) {
            counts.addAll(payload.counts());
        }
        masking.record(counts);
        Map<String, Integer> masked = new TreeMap<>(spared == null ? Map.of() : spared);
        counts.asMap().forEach((id, count) -> masked.merge(id, count, Integer::sum));
        return new AuditEvent(Ids.uuidV7(), sessionId, seq, Instant.now(), kind, identity, operation.connection(),
                operation.protocol(), recorded, decision.verdict(), decision.ruleId(), null, masked,
                payload == null ? null : payload.text(), status, durationMs, decision.policyVersion(), leaseId);
    }

    /** The operation as the trail keeps it: no request headers; path, query and SQL masked. */
    private static Operation recorded(Operation operation, AuditPayloadMasker auditMasker, MaskingCounts counts) {
        String path = masked(operation.path(), auditMasker, counts);
        String query = masked(operation.query(), auditMasker, counts);
        String statement = masked(operation.statement(), auditMasker, counts);
        return new Operation(operation.connection(), operation.protocol(), operation.method(), path, query, statement,
                Map.of(), operation.refUpdates(), operation.attributes());
    }

    private static String masked(String text, AuditPayloadMasker auditMasker, MaskingCounts counts) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        MaskResult result = auditMasker.mask(text);
        counts.addAll(result.counts());
        return result.text();
    }
}
