package dev.gatehouse.vault.lease;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** Answer of renew, revoke and GET on a lease: its facts and state, never its credential. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LeaseStatus(String leaseId, String connection, boolean dynamic, String role, LeaseState state,
                   String sessionId, Instant issuedAt, Instant expiresAt, Instant renewableUntil, Instant revokedAt,
                   String revokeReason) {
}
