package dev.gatehouse.model;

/**
 * Body of {@code POST /api/v1/leases}: the connection the proxy needs a credential for and, for
 * audit, the caller session and identity it is for (a dynamic database role is minted per session,
 * so the trail ties the role to one CI run). {@code sessionId} and {@code caller} may be absent for
 * static secrets shared by every caller.
 */
public record LeaseRequest(String connection, String sessionId, CallerIdentity caller) {

    public LeaseRequest(String connection) {
        this(connection, null, null);
    }
}
