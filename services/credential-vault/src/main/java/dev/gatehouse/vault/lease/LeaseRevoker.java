package dev.gatehouse.vault.lease;

import dev.gatehouse.vault.audit.AuditTrail;
import dev.gatehouse.vault.audit.VaultEvents;
import dev.gatehouse.vault.crypto.SecretUnreadable;
import dev.gatehouse.vault.postgres.TargetUnavailable;
import dev.gatehouse.vault.secret.ActiveLeases;
import dev.gatehouse.vault.secret.SecretStore;
import dev.gatehouse.vault.secret.StoredSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.UUID;

/**
 * Ends leases. A dynamic lease ends on its target first (no logins, sessions terminated, role dropped)
 * and only then in the vault's table; when the target is down the lease is left REVOKING for the
 * sweeper. Each lease is ended in a transaction of its own holding its row lock, so the API, the
 * sweeper and other replicas never drop the same role twice at once.
 */
@Service
class LeaseRevoker implements ActiveLeases {

    private static final Logger log = LoggerFactory.getLogger(LeaseRevoker.class);

    private final LeaseStore leases;
    private final SecretStore secrets;
    private final DynamicLogins roles;
    private final AuditTrail audit;
    private final VaultEvents events;
    private final TransactionTemplate transaction;

    LeaseRevoker(LeaseStore leases, SecretStore secrets, DynamicLogins roles, AuditTrail audit,
                 VaultEvents events, PlatformTransactionManager transactions) {
        this.leases = leases;
        this.secrets = secrets;
        this.roles = roles;
        this.audit = audit;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        // Independent of any caller's transaction: a rolled-back secret change must not resurrect a dropped role.
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** {@code POST /api/v1/leases/{id}/revoke}: idempotent; 503 when the target cannot be reached now. */
    LeaseStatus revoke(UUID leaseId, String revokedBy) {
        boolean ended = Boolean.TRUE.equals(transaction.execute(status -> {
            LeaseRecord lease = leases.lock(leaseId).orElseThrow(() -> new LeaseProblems.LeaseNotFound(leaseId));
            return lease.state().ended() || endLocked(lease, "revoked by " + revokedBy, null);
        }));
        if (!ended) {
            throw new LeaseProblems.RevocationPending(leaseId);
        }
        publishRevoked(leaseId);
        return leases.find(leaseId).orElseThrow().status();
    }

    @Override
    public void revokeAll(StoredSecret secret, String reason, boolean force) {
        int failed = 0;
        for (UUID leaseId : leases.liveDynamic(secret.connection())) {
            boolean ended = Boolean.TRUE.equals(transaction.execute(status -> leases.lock(leaseId)
                    .map(lease -> lease.state().ended() || endLocked(lease, reason, secret)
                            || force && forceEnd(lease, reason)).orElse(true)));
            if (ended) {
                publishRevoked(leaseId);
            } else {
                failed++;
            }
        }
        if (failed > 0) {
            throw new LeaseProblems.LeasesStillActive(secret.connection(), failed);
        }
    }

    /** For the sweeper: ends the lease if it is still due and not held elsewhere. */
    boolean sweep(UUID leaseId) {
        return Boolean.TRUE.equals(transaction.execute(status -> leases.lockIfDue(leaseId, Instant.now())
                .map(lease -> endLocked(lease, lease.state() == LeaseState.REVOKING && lease.revokeReason() != null
                        ? lease.revokeReason() : "expired", null))
                .orElse(false)));
    }

    /**
     * A lease that was never handed out (its role creation or its audit event failed). Its role, if the
     * statement got that far, is dropped now, or by the sweeper once the target answers again.
     */
    void abandon(LeaseRecord lease, String reason) {
        try {
            if (lease.dynamic()) {
                StoredSecret secret = secrets.find(lease.connection()).orElseThrow();
                roles.drop(secret, lease.roleName());
            }
            leases.end(lease.leaseId(), LeaseState.FAILED, reason, Instant.now(), true);
        } catch (RuntimeException e) {
            log.warn("lease {} could not be abandoned yet ({}): the sweeper retries", lease.leaseId(),
                    e.getClass().getSimpleName());
            leases.recordFailure(lease.leaseId(), LeaseState.REVOKING, reason, code(e));
        }
    }

    /** Re-sends CREDENTIAL_REVOKED events Kafka did not take; stops at the first failure (Kafka still down). */
    void publishPending(int limit) {
        for (LeaseRecord lease : leases.unaudited(limit)) {
            if (!audit.tryRecord(events.credentialRevoked(lease.facts(null), lease.revokeReason()))) {
                return;
            }
            leases.markAudited(lease.leaseId());
        }
    }

    private boolean endLocked(LeaseRecord lease, String reason, StoredSecret known) {
        if (lease.dynamic()) {
            StoredSecret secret = known != null ? known : secrets.find(lease.connection()).orElse(null);
            if (secret == null || !secret.type().dynamic()) {
                // Nothing left to log in with; VALID UNTIL still stops the role's logins at expiry.
                log.warn("lease {}: the admin secret of connection {} is gone, role {} left to its VALID UNTIL",
                        lease.leaseId(), lease.connection(), lease.roleName());
                leases.end(lease.leaseId(), LeaseState.REVOKED, reason + " (admin secret gone)", Instant.now(), false);
                return true;
            }
            try {
                roles.drop(secret, lease.roleName());
            } catch (TargetUnavailable | SecretUnreadable e) {
                log.warn("lease {}: role {} not dropped yet ({})", lease.leaseId(), lease.roleName(), code(e));
                leases.recordFailure(lease.leaseId(), LeaseState.REVOKING, reason, code(e));
                return false;
            }
        }
        leases.end(lease.leaseId(), LeaseState.REVOKED, reason, Instant.now(), false);
        return true;
    }

    private boolean forceEnd(LeaseRecord lease, String reason) {
        log.warn("lease {}: role {} could not be dropped and is left to its VALID UNTIL (forced)", lease.leaseId(),
                lease.roleName());
        leases.end(lease.leaseId(), LeaseState.REVOKED, reason + " (forced; role left to its VALID UNTIL)",
                Instant.now(), false);
        return true;
    }

    private void publishRevoked(UUID leaseId) {
        leases.findUnaudited(leaseId).ifPresent(lease -> {
            if (audit.tryRecord(events.credentialRevoked(lease.facts(null), lease.revokeReason()))) {
                leases.markAudited(leaseId);
            }
        });
    }

    private static String code(RuntimeException e) {
        return e instanceof TargetUnavailable target ? "SQLSTATE " + target.sqlState() : e.getClass().getSimpleName();
    }
}
