package dev.gatehouse.approval.request;

import dev.gatehouse.approval.outbox.ApprovalOutbox;
import dev.gatehouse.model.ApprovalDecided;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events a state change produces, written to the outbox in the change's transaction. Audit events
 * go to the request's session (key = session id) numbered after the proxy's last sequence number;
 * terminal decisions also go to {@value Topics#APPROVALS} (key = approval id) for the proxy replicas.
 */
@Component
class ApprovalEvents {

    /** The identity of changes nobody made in person: expiry. */
    static final CallerIdentity SERVICE = new CallerIdentity("approval-service", "approval-service", Map.of());

    private final ApprovalOutbox outbox;
    private final JsonMapper json;

    ApprovalEvents(ApprovalOutbox outbox, JsonMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /** {@code APPROVAL_REQUESTED} with sequence number {@code approval.auditSeq()}. */
    void requested(StoredApproval approval) {
        Operation operation = approval.operation() == null ? null : json.readValue(approval.operation(), Operation.class);
        audit(approval, AuditEventKind.APPROVAL_REQUESTED, approval.identity(), operation, Verdict.REVIEW, null,
                approval.createdAt());
    }

    /**
     * {@code APPROVAL_DECIDED} with sequence number {@code approval.auditSeq()}: a vote ({@code ALLOW} for
     * an approval, {@code DENY} for a rejection), an expiry or a cancellation ({@code DENY}); the payload is
     * {@code {"decidedBy","status","comment"}}.
     */
    void decided(StoredApproval approval, CallerIdentity by, ApprovalStatus decision, String comment, Instant at) {
        Verdict verdict = decision == ApprovalStatus.APPROVED ? Verdict.ALLOW : Verdict.DENY;
        // The payload reads like the ApprovalDecided fields, so the trail's readers (the dashboard's session
        // page, an export) parse one shape whoever decided.
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("decidedBy", by.subject());
        payload.put("status", decision.name());
        if (comment != null) {
            payload.put("comment", comment);
        }
        audit(approval, AuditEventKind.APPROVAL_DECIDED, by, null, verdict, json.writeValueAsString(payload), at);
    }

    /** {@link ApprovalDecided} for a request that reached a final decision. */
    void concluded(StoredApproval approval, String decidedBy, String comment) {
        outbox.enqueue(Topics.APPROVALS, approval.id().toString(), new ApprovalDecided(approval.id(),
                approval.status(), approval.sessionId(), approval.fingerprint(), decidedBy, comment,
                approval.decidedAt(), approval.auditSeq()));
    }

    private void audit(StoredApproval approval, AuditEventKind kind, CallerIdentity identity, Operation operation,
                       Verdict verdict, String payload, Instant at) {
        AuditEvent event = new AuditEvent(Ids.uuidV7(), approval.sessionId(), approval.auditSeq(), at, kind, identity,
                approval.connection(), approval.protocol(), operation, verdict, approval.ruleId(),
                approval.id().toString(), Map.of(), payload, null, null, approval.policyVersion(), null);
        outbox.enqueue(Topics.AUDIT, approval.sessionId(), event);
    }
}
