package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.gate.AuditSession;

import java.util.UUID;

/**
 * Where a forwarded request's events go: its audit session (which numbers them), the approval it runs
 * under, and whether its REQUEST event is still to be written. A held request's REQUEST event was
 * recorded before it was held ({@code recordedRequestId}) and its approval consumed on release; a
 * request that came back with an approval has it consumed right after its REQUEST event is
 * acknowledged ({@code consumeFingerprint}).
 */
record AuditPlan(AuditSession session, UUID recordedRequestId, UUID approvalId, String consumeFingerprint) {

    /** An allowed request: a session of its own, REQUEST 1, RESPONSE 2. */
    static AuditPlan fresh() {
        return new AuditPlan(AuditSession.fresh(), null, null, null);
    }

    /** A request coming back with an approval: REQUEST, consume, then RESPONSE, in the approval's session. */
    static AuditPlan approved(AuditSession session, UUID approvalId, String fingerprint) {
        return new AuditPlan(session, null, approvalId, fingerprint);
    }

    /** A held request released by its approval (consumed): its REQUEST is recorded, RESPONSE follows. */
    static AuditPlan released(AuditSession session, UUID requestId, UUID approvalId) {
        return new AuditPlan(session, requestId, approvalId, null);
    }

    String sessionId() {
        return session.id();
    }

    String approvalText() {
        return approvalId == null ? null : approvalId.toString();
    }

    boolean requestRecorded() {
        return recordedRequestId != null;
    }
}
