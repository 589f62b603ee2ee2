package dev.gatehouse.vault.lease;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.vault.audit.LeaseFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code leases}: who got which connection's credential, until when, and where it stands. */
record LeaseRecord(UUID leaseId, String connection, String secretType, boolean dynamic, String roleName,
                   String sessionId, String callerIssuer, String callerSubject, String issuedTo, Instant issuedAt,
                   Instant expiresAt, Instant maxExpiresAt, Duration ttl, LeaseState state, Instant revokedAt,
                   String revokeReason) {

    /** The facts for an event; the caller as stored (issuer and subject) unless the full identity is at hand. */
    LeaseFacts facts(CallerIdentity fullCaller) {
        CallerIdentity caller = fullCaller != null ? fullCaller
                : callerIssuer == null || callerSubject == null ? null
                : new CallerIdentity(callerIssuer, callerSubject, null);
        return new LeaseFacts(leaseId.toString(), connection, secretType, dynamic, roleName, expiresAt, sessionId,
                caller, issuedTo);
    }

    LeaseStatus status() {
        return new LeaseStatus(leaseId.toString(), connection, dynamic, roleName, state, sessionId, issuedAt,
                expiresAt, maxExpiresAt, revokedAt, revokeReason);
    }
}
