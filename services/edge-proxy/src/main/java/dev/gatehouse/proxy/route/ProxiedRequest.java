package dev.gatehouse.proxy.route;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.proxy.gate.AuditSession;

import java.util.UUID;

/**
 * A request whose REQUEST event was published: what the RESPONSE event needs once the exchange ends
 * (its session, its seq, and the approval it ran under, if any). Kept as an exchange attribute. An
 * upgraded request ({@code responseSeq} 0) numbers its stream's events in {@code session} first: its
 * RESPONSE takes the session's next number when the stream ends.
 */
record ProxiedRequest(String sessionId, UUID requestEventId, CallerIdentity identity, Operation operation,
                      Decision decision, String leaseId, long startedNanos, long responseSeq, String approvalId,
                      AuditSession session) {

    static final String ATTRIBUTE = ProxiedRequest.class.getName();

    /** The RESPONSE event's number: reserved at forwarding, or (a stream) the next one at its end. */
    long responseNumber() {
        return responseSeq > 0 ? responseSeq : session.next();
    }

    /** An upgraded request (a WebSocket): its stream may have events of its own before its RESPONSE. */
    static boolean streamed(Operation operation) {
        return operation.attributes().containsKey("upgrade");
    }
}
