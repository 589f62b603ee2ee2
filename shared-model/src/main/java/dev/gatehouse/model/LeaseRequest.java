package dev.gatehouse.model;

/**
 * Body of {@code POST /api/v1/leases}: the connection the proxy needs a credential for and, for
 * audit, the caller session and identity it is for (a dynamic database role is minted per session,
 * so the trail ties the role to one CI run). {@code sessionId} and {@code caller} may be absent for
 * static secrets shared by every caller. {@code seq} is where the vault's CREDENTIAL_ISSUED goes in
 * that session: the number of the proxy event that follows the lease (replays order the two by
 * time), so the issue sorts where it happened; absent (0) for a lease outside any session.
 */
public record LeaseRequest(String connection, String sessionId, CallerIdentity caller, Long seq) {

    public LeaseRequest(String connection) {
        this(connection, null, null, null);
    }

    public LeaseRequest(String connection, String sessionId, CallerIdentity caller) {
        this(connection, sessionId, caller, null);
    }
}
