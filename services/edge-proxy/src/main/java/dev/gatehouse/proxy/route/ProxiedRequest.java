package dev.gatehouse.proxy.route;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;

import java.util.UUID;

/**
 * A request whose REQUEST event was published: what the RESPONSE event needs once the exchange ends
 * (its session, its seq, and the approval it ran under, if any). Kept as an exchange attribute.
 */
record ProxiedRequest(String sessionId, UUID requestEventId, CallerIdentity identity, Operation operation,
                      Decision decision, String leaseId, long startedNanos, long responseSeq, String approvalId) {

    static final String ATTRIBUTE = ProxiedRequest.class.getName();
}
