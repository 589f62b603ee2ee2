package dev.gatehouse.vault.lease;

import dev.gatehouse.vault.secret.SecretStore;
import dev.gatehouse.vault.secret.StoredSecret;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.UUID;

/**
 * Extends a live lease by its TTL, never past {@code renewableUntil} (issuance + max TTL). For a dynamic
 * lease the role's VALID UNTIL moves first, so the table never promises more than the target grants.
 */
@Service
class LeaseRenewal {

    private final LeaseStore leases;
    private final SecretStore secrets;
    private final DynamicLogins roles;

    LeaseRenewal(LeaseStore leases, SecretStore secrets, DynamicLogins roles) {
        this.leases = leases;
        this.secrets = secrets;
        this.roles = roles;
    }

    @Transactional
    LeaseStatus renew(UUID leaseId) {
        LeaseRecord lease = leases.lock(leaseId).orElseThrow(() -> new LeaseProblems.LeaseNotFound(leaseId));
        Instant now = Instant.now();
        if (lease.state() != LeaseState.ACTIVE || !lease.expiresAt().isAfter(now)) {
            throw new LeaseProblems.LeaseNotActive(leaseId, lease.state() == LeaseState.ACTIVE
                    ? LeaseState.EXPIRED : lease.state());
        }
        Instant next = now.plus(lease.ttl());
        if (next.isAfter(lease.maxExpiresAt())) {
            next = lease.maxExpiresAt();
        }
        if (!next.isAfter(lease.expiresAt())) {
            return lease.status();
        }
        if (lease.dynamic()) {
            StoredSecret secret = secrets.find(lease.connection()).filter(s -> s.type().dynamic())
                    .orElseThrow(() -> new LeaseProblems.LeaseNotActive(leaseId, LeaseState.REVOKING));
            roles.extend(secret, lease.roleName(), next);
        }
        leases.extend(leaseId, next);
        return leases.find(leaseId).orElseThrow().status();
    }
}
