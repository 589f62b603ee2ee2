package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.Masking;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The audit events of a MySQL session, numbered in order: SESSION_STARTED, per statement a REQUEST (the
 * statement, and a prepared statement's parameters, masked with every detector) and a RESPONSE (rows, the server's error, duration, what result
 * masking replaced), a DECISION for a refused statement, and SESSION_ENDED.
 */
@Component
@ConditionalOnProperty(prefix = "gatehouse.proxy.mysql", name = "enabled", havingValue = "true")
class MyAuditEvents {

    private final Masking masking;
    private final JsonMapper json;

    MyAuditEvents(Masking masking, JsonMapper json) {
        this.masking = masking;
        this.json = json;
    }

    AuditEvent sessionStarted(MyContext session) {
        return event(session, AuditEventKind.SESSION_STARTED, operation(session, null, facts(session)), null, null,
                Map.of(), null, null);
    }

    AuditEvent sessionEnded(MyContext session) {
        Map<String, String> facts = facts(session);
        facts.put("statements", Long.toString(session.statements));
        if (session.endedBecause != null) {
            facts.put("endedBecause", session.endedBecause);
        }
        long durationMs = (System.nanoTime() - session.startedNanos) / 1_000_000;
        return event(session, AuditEventKind.SESSION_ENDED, operation(session, null, facts), null, durationMs,
                Map.of(), null, null);
    }

    AuditEvent request(MyContext session, MyRun run) {
        return statement(session, AuditEventKind.REQUEST, run.sql, run.parameters, run.decision, run.approvalId);
    }

    /** A statement refused before it reached the database (denied, or a dependency was unavailable). */
    AuditEvent refused(MyContext session, String sql, Decision decision) {
        return statement(session, AuditEventKind.DECISION, sql, null, decision, null);
    }

    AuditEvent response(MyContext session, MyRun run) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("rows", Long.toString(run.rows));
        if (run.error != null) {
            facts.put("error", run.error);
        }
        if (!run.finished) {
            facts.put("unfinished", "true"); // the session ended before the database answered
        }
        String sql = masking.audit().maskSql(run.sql, null).sql();
        Operation recorded = new Operation(session.connection, Protocol.MYSQL, null, null, null, sql, facts);
        return event(session, AuditEventKind.RESPONSE, recorded, run.decision, run.durationMs(),
                new TreeMap<>(run.masked.asMap()), null, run.approvalId);
    }

    /** {@code parameters}: a prepared statement's, as text (null for a plain statement); recorded masked as the payload. */
    private AuditEvent statement(MyContext session, AuditEventKind kind, String sql, List<String> parameters,
                                 Decision decision, UUID approvalId) {
        AuditPayloadMasker.SqlMasked masked = masking.audit().maskSql(sql, parameters);
        masking.record(masked.counts());
        Operation recorded = new Operation(session.connection, Protocol.MYSQL, null, null, null, masked.sql(), Map.of());
        String payload = parameters == null ? null
                : json.writeValueAsString(Map.of("parameters", masked.parameters()));
        return event(session, kind, recorded, decision, null, masked.counts().asMap(), payload, approvalId);
    }

    private AuditEvent event(MyContext session, AuditEventKind kind, Operation operation, Decision decision,
                             Long durationMs, Map<String, Integer> masked, String payload, UUID approvalId) {
        return new AuditEvent(Ids.uuidV7(), session.sessionId, session.audit.next(), Instant.now(), kind,
                session.identity, session.connection, Protocol.MYSQL, operation,
                decision == null ? null : decision.verdict(), decision == null ? null : decision.ruleId(),
                approvalId == null ? null : approvalId.toString(), masked, payload, null, durationMs,
                decision == null ? null : decision.policyVersion(), session.leaseId);
    }

    private static Operation operation(MyContext session, String sql, Map<String, String> facts) {
        return new Operation(session.connection, Protocol.MYSQL, null, null, null, sql, facts);
    }

    private static Map<String, String> facts(MyContext session) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("user", session.userLabel);
        facts.put("client", session.clientAddress);
        if (session.role != null) {
            facts.put("role", session.role);
        }
        return facts;
    }
}
