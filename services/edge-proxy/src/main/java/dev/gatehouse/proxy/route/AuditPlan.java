package dev.gatehouse.proxy.route;

import java.util.UUID;

/**
 * Where a forwarded request's events go: its session, the seq of its REQUEST event (RESPONSE follows
 * it), and the approval it runs under. A held request's REQUEST event was recorded before it was held
 * ({@code recordedRequestId}); then only RESPONSE is published, after approval-service's last event.
 */
record AuditPlan(String sessionId, long requestSeq, UUID recordedRequestId, String approvalId) {

    /** An allowed request: a session of its own, REQUEST 1, RESPONSE 2. */
    static AuditPlan fresh(String sessionId) {
        return new AuditPlan(sessionId, 1, null, null);
    }

    /** A request coming back with an approval: REQUEST and RESPONSE after the approval's last event. */
    static AuditPlan approved(String sessionId, long afterSeq, UUID approvalId) {
        return new AuditPlan(sessionId, afterSeq + 1, null, approvalId.toString());
    }

    /** A held request released by its approval: its REQUEST is recorded, RESPONSE follows {@code afterSeq}. */
    static AuditPlan released(String sessionId, UUID requestId, long afterSeq, UUID approvalId) {
        return new AuditPlan(sessionId, afterSeq, requestId, approvalId.toString());
    }

    long responseSeq() {
        return requestSeq + 1;
    }

    /** The seq of a DECISION event for a request that stopped before the target. */
    long unforwardedSeq() {
        return requestRecorded() ? responseSeq() : requestSeq;
    }

    boolean requestRecorded() {
        return recordedRequestId != null;
    }
}
