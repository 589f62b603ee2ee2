package dev.gatehouse.vault.lease;

/**
 * PENDING: row written, dynamic role being created. ACTIVE: handed out. REVOKING: revocation asked for
 * but the target was unreachable; the sweeper retries. REVOKED: ended (role dropped). EXPIRED: a static
 * lease past its time. FAILED: never handed out (creation or audit failed; any role was dropped).
 */
enum LeaseState {
    PENDING, ACTIVE, REVOKING, REVOKED, EXPIRED, FAILED;

    boolean ended() {
        return this == REVOKED || this == EXPIRED || this == FAILED;
    }
}
