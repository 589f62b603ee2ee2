package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.proxy.gate.AuditSession;

/** Who a PostgreSQL session belongs to, set once the caller is authenticated and the lease taken. */
final class SessionContext {

    final String sessionId;
    final String connection;
    final String userLabel;
    final String clientAddress;
    final long startedNanos = System.nanoTime();
    /** The session's audit numbering, shared with approval-service's and the vault's events in it. */
    final AuditSession audit;
    CallerIdentity identity;
    String leaseId;
    String role;
    long statements;
    /** The audit copy of statements: values written into masked columns replaced (catalog set at login). */
    final AuditedWrites writes = new AuditedWrites();
    /** Why Gatehouse ended the session itself, for SESSION_ENDED; null when the client left. */
    String endedBecause;

    SessionContext(String sessionId, String connection, String userLabel, String clientAddress) {
        this.sessionId = sessionId;
        this.connection = connection;
        this.userLabel = userLabel;
        this.clientAddress = clientAddress;
        this.audit = AuditSession.of(sessionId, 0);
    }
}
