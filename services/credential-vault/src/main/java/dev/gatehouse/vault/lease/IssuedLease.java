package dev.gatehouse.vault.lease;

import java.time.Instant;

/**
 * Answer of {@code POST /api/v1/leases}: the JSON of {@code dev.gatehouse.model.Lease} plus
 * {@code dynamic} (the credential was minted for this lease, so the proxy keeps one per caller session)
 * and {@code renewableUntil} (renewals stop there; after it the proxy needs a new lease).
 */
record IssuedLease(String leaseId, String connection, LeaseCredential credential, Instant expiresAt,
                   boolean dynamic, Instant renewableUntil) {

    @Override
    public String toString() {
        return "IssuedLease[leaseId=" + leaseId + ", connection=" + connection + ", expiresAt=" + expiresAt + "]";
    }
}
