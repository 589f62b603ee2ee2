package dev.gatehouse.vault.audit;

import dev.gatehouse.model.CallerIdentity;

import java.time.Instant;

/**
 * What the trail records about a lease: never the credential. {@code caller} is the agent the proxy
 * asked for (may be absent), {@code issuedTo} the proxy's own service identity.
 */
public record LeaseFacts(String leaseId, String connection, String secretType, boolean dynamic, String role,
                         Instant expiresAt, String sessionId, CallerIdentity caller, String issuedTo) {
}
