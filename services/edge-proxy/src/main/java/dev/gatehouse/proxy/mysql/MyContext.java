package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.proxy.gate.AuditSession;

/** Who a MySQL session belongs to, set once the caller is authenticated and the lease taken. */
final class MyContext {

    final String sessionId = Ids.uuidV7().toString();
    final String clientAddress;
    final long startedNanos = System.nanoTime();
    /** The session's audit numbering, shared with approval-service's and the vault's events in it. */
    final AuditSession audit = AuditSession.of(sessionId, 0);
    String connection;
    String userLabel;
    CallerIdentity identity;
    String leaseId;
    String role;
    long statements;
    /** Why Gatehouse ended the session itself, for SESSION_ENDED; null when the client left. */
    String endedBecause;

    MyContext(String clientAddress) {
        this.clientAddress = clientAddress;
    }
}
