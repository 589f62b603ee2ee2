package dev.gatehouse.proxy.route;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.McpFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.MaskResult;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingCounts;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit events of one HTTP request: a refusal is one DECISION event; an allowed request is REQUEST
 * (seq 1) then RESPONSE (seq 2) in a session of its own. A reviewed request shares its session with
 * approval-service, which numbers its own events after the proxy's, and the proxy continues after them. Everything recorded is masked
 * with every detector first (path, query, SQL text, response payload), so a secret the caller sent
 * or the target returned never reaches Kafka in clear; request headers are left out altogether.
 */
@Component
class AuditEvents {

    /** How much of a held request's body the reviewer's command text shows. */
    private static final int COMMAND_BODY_BYTES = 16 * 1024;

    private final Masking masking;

    AuditEvents(Masking masking) {
        this.masking = masking;
    }

    AuditEvent decision(String sessionId, CallerIdentity identity, Operation operation, Decision decision) {
        return event(sessionId, 1, null, AuditEventKind.DECISION, identity, operation, decision, null, null, null,
                null, null);
    }

    /**
     * An operation that stopped before the target (no credential, approval refused or unusable): a
     * DECISION event with the status sent.
     */
    AuditEvent unforwarded(String sessionId, long seq, String approvalId, CallerIdentity identity, Operation operation,
                           Decision decision, int status) {
        return event(sessionId, seq, approvalId, AuditEventKind.DECISION, identity, operation, decision, null, status,
                null, null, null);
    }

    /** The REQUEST event of a forwarded operation, or (no lease yet) of one held for review. */
    AuditEvent request(String sessionId, long seq, String approvalId, CallerIdentity identity, Operation operation,
                       Decision decision, String leaseId) {
        return event(sessionId, seq, approvalId, AuditEventKind.REQUEST, identity, operation, decision, leaseId, null,
                null, null, null);
    }

    /** The same with what an adapter says the body was ({@code ExchangeAttributes.REQUEST_PAYLOAD}), masked again. */
    AuditEvent request(String sessionId, long seq, String approvalId, CallerIdentity identity, Operation operation,
                       Decision decision, String leaseId, String payload) {
        MaskResult masked = payload == null ? null : masking.audit().mask(payload);
        return event(sessionId, seq, approvalId, AuditEventKind.REQUEST, identity, operation, decision, leaseId, null,
                null, masked, null);
    }

    /** A RESPONSE event whose payload and extra facts an adapter reassembled ({@code ExchangeAttributes.ANSWER_RECORDER}). */
    AuditEvent response(ProxiedRequest request, Integer status, long durationMs, ResponseCapture capture,
                        dev.gatehouse.proxy.exchange.AnswerRecorder.Answer answer) {
        if (answer == null) {
            return response(request, status, durationMs, capture);
        }
        Operation operation = request.operation();
        for (Map.Entry<String, String> fact : answer.facts().entrySet()) {
            operation = operation.withAttribute(fact.getKey(), fact.getValue());
        }
        MaskResult payload = masking.audit().mask(answer.payload());
        Map<String, Integer> spared = capture == null ? Map.of() : capture.counts();
        return event(request.sessionId(), request.responseNumber(), request.approvalId(), AuditEventKind.RESPONSE,
                request.identity(), operation, request.decision(), request.leaseId(), status, durationMs,
                payload, spared);
    }

    AuditEvent response(ProxiedRequest request, Integer status, long durationMs, ResponseCapture capture) {
        MaskResult payload = capture == null ? null : capture.payload(masking.audit());
        Map<String, Integer> spared = capture == null ? Map.of() : capture.counts();
        return event(request.sessionId(), request.responseNumber(), request.approvalId(), AuditEventKind.RESPONSE,
                request.identity(), request.operation(), request.decision(), request.leaseId(), status, durationMs,
                payload, spared);
    }

    /**
     * One message of a relayed stream ({@link dev.gatehouse.proxy.exchange.StreamEvents}): what the client sent is a REQUEST event, what
     * the target sent a RESPONSE, both with the message's channel and its text masked with every detector.
     */
    AuditEvent streamMessage(ProxiedRequest request, String channel, boolean fromClient, String text,
                             Map<String, String> facts) {
        Operation operation = request.operation().withAttribute("stream.channel", channel);
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            operation = operation.withAttribute(fact.getKey(), fact.getValue());
        }
        return event(request.sessionId(), request.session().next(), request.approvalId(),
                fromClient ? AuditEventKind.REQUEST : AuditEventKind.RESPONSE, request.identity(), operation,
                request.decision(), request.leaseId(), null, null, masking.audit().mask(text), Map.of());
    }

    /**
     * What a reviewer reads of an operation held for review: the operation as the trail keeps it, and
     * the command (method, path, query, the headers the approval is bound to, then the body) masked with
     * every detector and bounded.
     */
    Reviewable reviewable(Operation operation, Map<String, String> headers, byte[] body) {
        AuditPayloadMasker auditMasker = masking.audit();
        MaskingCounts counts = new MaskingCounts();
        Operation recorded = recorded(operation, auditMasker, counts);
        StringBuilder command = new StringBuilder().append(operation.method()).append(' ').append(recorded.path());
        if (recorded.query() != null && !recorded.query().isEmpty()) {
            command.append('?').append(recorded.query());
        }
        headers.forEach((name, value) -> command.append('\n').append(name).append(": ")
                .append(masked(value, auditMasker, counts)));
        String contentType = headers.get("content-type");
        if (body != null && body.length > 0) {
            byte[] shown = body.length > COMMAND_BODY_BYTES ? Arrays.copyOf(body, COMMAND_BODY_BYTES) : body;
            MaskResult masked = auditMasker.maskBody(shown, contentType == null ? "text/plain" : contentType);
            counts.addAll(masked.counts());
            command.append("\n\n").append(masked.text());
            if (shown != body) {
                command.append("\n[... ").append(body.length).append(" bytes in all]");
            }
        }
        masking.record(counts);
        return new Reviewable(recorded, command.toString());
    }

    record Reviewable(Operation operation, String command) {
    }

    private AuditEvent event(String sessionId, long seq, String approvalId, AuditEventKind kind, CallerIdentity identity,
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
                operation.protocol(), recorded, decision.verdict(), decision.ruleId(), approvalId, masked,
                payload == null ? null : payload.text(), status, durationMs, decision.policyVersion(), leaseId);
    }

    /** The operation as the trail keeps it: no request headers; path, query and SQL masked. */
    private static Operation recorded(Operation operation, AuditPayloadMasker auditMasker, MaskingCounts counts) {
        String path = masked(operation.path(), auditMasker, counts);
        String query = masked(operation.query(), auditMasker, counts);
        String statement = masked(operation.statement(), auditMasker, counts);
        return new Operation(operation.connection(), operation.protocol(), operation.method(), path, query, statement,
                Map.of(), operation.refUpdates(), recordedAttributes(operation.attributes(), auditMasker, counts));
    }

    /**
     * An MCP call's arguments are in the masked payload already and are not kept twice; its shell and
     * Kubernetes arguments are masked like a statement.
     */
    private static Map<String, String> recordedAttributes(Map<String, String> attributes, AuditPayloadMasker auditMasker,
                                                          MaskingCounts counts) {
        if (!attributes.containsKey(McpFacts.ARGUMENTS) && !attributes.containsKey(McpFacts.SHELL)
                && !attributes.containsKey(McpFacts.KUBERNETES)) {
            return attributes;
        }
        Map<String, String> recorded = new java.util.HashMap<>(attributes);
        recorded.remove(McpFacts.ARGUMENTS);
        recorded.computeIfPresent(McpFacts.SHELL, (name, text) -> masked(text, auditMasker, counts));
        recorded.computeIfPresent(McpFacts.KUBERNETES, (name, text) -> masked(text, auditMasker, counts));
        return recorded;
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
