package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.proxy.masking.AuditPayloadMasker;
import dev.gatehouse.proxy.masking.Masking;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The audit events of a PostgreSQL session, numbered in order: SESSION_STARTED, per statement a REQUEST
 * (SQL text and bind parameters masked with every detector, and values written into a masked column
 * replaced: {@link AuditedWrites}) and a RESPONSE (rows, SQLSTATE, duration,
 * what the result masking replaced), a DECISION for a refused statement, and SESSION_ENDED. A run its
 * rule audits {@code ASYNC} under no approval has no REQUEST: its RESPONSE also carries the request's
 * payload and masking counts and the attribute {@code folded=true} ({@link #folded}).
 */
@Component
class PgAuditEvents {

    private final Masking masking;
    private final JsonMapper json;

    PgAuditEvents(Masking masking, JsonMapper json) {
        this.masking = masking;
        this.json = json;
    }

    AuditEvent sessionStarted(SessionContext session) {
        return event(session, AuditEventKind.SESSION_STARTED, operation(session, null, sessionFacts(session)), null,
                null, null, Map.of(), null, null);
    }

    AuditEvent sessionEnded(SessionContext session) {
        Map<String, String> facts = sessionFacts(session);
        facts.put("statements", Long.toString(session.statements));
        if (session.endedBecause != null) {
            facts.put("endedBecause", session.endedBecause);
        }
        long durationMs = (System.nanoTime() - session.startedNanos) / 1_000_000;
        return event(session, AuditEventKind.SESSION_ENDED, operation(session, null, facts), null, null, durationMs,
                Map.of(), null, null);
    }

    AuditEvent request(SessionContext session, String sql, List<String> parameters, Decision decision,
                       UUID approvalId) {
        return statement(session, AuditEventKind.REQUEST, sql, parameters, decision, approvalId);
    }

    /** A statement refused before it reached the database (denied, or a dependency was unavailable). */
    AuditEvent refused(SessionContext session, String sql, Decision decision) {
        return statement(session, AuditEventKind.DECISION, sql, null, decision, null);
    }

    /**
     * A run whose REQUEST event is folded into its RESPONSE: what the REQUEST would have recorded (the
     * masked text and parameters, what masking replaced in them) is kept on the execution, built once.
     */
    Execution folded(SessionContext session, String sql, List<String> parameters, Decision decision) {
        AuditPayloadMasker.SqlMasked masked = session.writes.mask(sql, parameters, decision, masking);
        masking.record(masked.counts());
        Execution execution = new Execution(sql, decision, null);
        execution.folded = true;
        execution.recordedSql = masked.sql();
        execution.recordedPayload = payload(parameters, masked);
        execution.masked.addAll(masked.counts());
        return execution;
    }

    AuditEvent response(SessionContext session, Execution execution) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("rows", Long.toString(execution.rows));
        if (execution.sqlState != null) {
            facts.put("sqlstate", execution.sqlState);
        }
        if (execution.skipped) {
            facts.put("skipped", "true");
        }
        if (execution.folded) {
            facts.put("folded", "true");
            if (!execution.finished) {
                facts.put("unfinished", "true"); // the session ended before the database answered
            }
        }
        // rows and SQLSTATE travel as operation attributes: the event's numeric status is HTTP's
        String sql = execution.recordedSql != null ? execution.recordedSql
                : session.writes.mask(execution.sql, null, execution.decision, masking).sql();
        Operation recorded = new Operation(session.connection, Protocol.POSTGRES, null, null, null, sql, facts);
        Map<String, Integer> masked = new TreeMap<>(execution.masked.asMap());
        return event(session, AuditEventKind.RESPONSE, recorded, execution.decision, null,
                execution.durationMs(), masked, execution.recordedPayload, execution.approvalId);
    }

    private AuditEvent statement(SessionContext session, AuditEventKind kind, String sql, List<String> parameters,
                                 Decision decision, UUID approvalId) {
        AuditPayloadMasker.SqlMasked masked = session.writes.mask(sql, parameters, decision, masking);
        masking.record(masked.counts());
        Operation recorded = new Operation(session.connection, Protocol.POSTGRES, null, null, null, masked.sql(),
                Map.of());
        return event(session, kind, recorded, decision, null, null, masked.counts().asMap(), payload(parameters, masked),
                approvalId);
    }

    private String payload(List<String> parameters, AuditPayloadMasker.SqlMasked masked) {
        return parameters == null ? null : json.writeValueAsString(Map.of("parameters", masked.parameters()));
    }

    private AuditEvent event(SessionContext session, AuditEventKind kind, Operation operation, Decision decision,
                             Integer status, Long durationMs, Map<String, Integer> masked, String payload,
                             UUID approvalId) {
        return new AuditEvent(Ids.uuidV7(), session.sessionId, session.audit.next(), Instant.now(), kind,
                session.identity, session.connection, Protocol.POSTGRES, operation,
                decision == null ? null : decision.verdict(), decision == null ? null : decision.ruleId(),
                approvalId == null ? null : approvalId.toString(),
                masked, payload, status, durationMs, decision == null ? null : decision.policyVersion(),
                session.leaseId);
    }

    private static Operation operation(SessionContext session, String sql, Map<String, String> facts) {
        return new Operation(session.connection, Protocol.POSTGRES, null, null, null, sql, facts);
    }

    private static Map<String, String> sessionFacts(SessionContext session) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("user", session.userLabel);
        facts.put("client", session.clientAddress);
        if (session.role != null) {
            facts.put("role", session.role);
        }
        return facts;
    }
}
