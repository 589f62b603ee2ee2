package dev.gatehouse.proxy.vault;

import dev.gatehouse.model.Credential;
import dev.gatehouse.model.Lease;

import java.time.Instant;

/**
 * The vault's answer to {@code POST /api/v1/leases}: the JSON of {@link Lease} plus {@code dynamic} (the
 * credential was minted for this lease: keep one per caller session) and {@code renewableUntil}. The
 * credential is read with a string type so that a type this proxy cannot inject (HEADER, until the shared
 * contract has it) is refused explicitly instead of failing inside the JSON decoder.
 */
record VaultLease(String leaseId, String connection, VaultCredential credential, Instant expiresAt, Boolean dynamic,
                  Instant renewableUntil) {

    /** Absent (a vault before dynamic leases) means static. */
    boolean isDynamic() {
        return Boolean.TRUE.equals(dynamic);
    }

    Lease toLease() {
        if (credential == null || credential.type() == null || credential.secret() == null) {
            throw new IllegalStateException("lease without a credential");
        }
        Credential.Type type;
        try {
            type = Credential.Type.valueOf(credential.type());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("credential type " + credential.type() + " is not supported by this proxy");
        }
        return new Lease(leaseId, connection, new Credential(type, credential.username(), credential.secret(),
                credential.header()), expiresAt, dynamic, renewableUntil);
    }

    record VaultCredential(String type, String username, String header, String secret) {

        @Override
        public String toString() {
            return "VaultCredential[type=" + type + ", username=" + username + ", header=" + header + ", secret=***]";
        }
    }

    /** Answer of renew and revoke: the lease's state and times, never its credential. */
    record Status(String leaseId, String state, Instant expiresAt, Instant renewableUntil) {
    }
}
