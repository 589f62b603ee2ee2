package dev.gatehouse.vault.lease;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.LeaseRequest;
import dev.gatehouse.vault.audit.AuditTrail;
import dev.gatehouse.vault.audit.AuditUnavailable;
import dev.gatehouse.vault.audit.VaultEvents;
import dev.gatehouse.vault.postgres.RoleNames;
import dev.gatehouse.vault.postgres.TargetUnavailable;
import dev.gatehouse.vault.secret.SecretType;
import dev.gatehouse.vault.secret.SecretStore;
import dev.gatehouse.vault.secret.StoredSecret;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Issues leases. Order matters: the lease row is written before a role exists (a crash leaves a row the
 * sweeper finishes), and the credential leaves only after Kafka acknowledged CREDENTIAL_ISSUED; when it
 * does not, the role just created is dropped and the caller gets a 503 instead of a credential.
 */
@Service
class LeaseIssuer {

    private final SecretStore secrets;
    private final SecretOpener opener;
    private final LeaseStore leases;
    private final DynamicLogins roles;
    private final LeaseRevoker revoker;
    private final AuditTrail audit;
    private final VaultEvents events;
    private final LeaseProperties properties;

    LeaseIssuer(SecretStore secrets, SecretOpener opener, LeaseStore leases, DynamicLogins roles, LeaseRevoker revoker,
                AuditTrail audit, VaultEvents events, LeaseProperties properties) {
        this.secrets = secrets;
        this.opener = opener;
        this.leases = leases;
        this.roles = roles;
        this.revoker = revoker;
        this.audit = audit;
        this.events = events;
        this.properties = properties;
    }

    IssuedLease issue(LeaseRequest request, String issuedTo) {
        StoredSecret stored = secrets.find(request.connection())
                .orElseThrow(() -> new ConnectionNotFound(request.connection()));
        // Opened before any row or role exists: a secret that cannot be decrypted leaves nothing behind.
        String secret = opener.open(stored);
        LeaseRecord lease = newLease(stored, request, issuedTo);
        leases.insert(lease);
        LeaseCredential credential = stored.type().dynamic() ? mintRole(stored, lease, secret)
                : stored.type() == SecretType.SSH_CA ? UserCertificates.sign(secret, stored.username(),
                UserCertificates.keyId(request.caller(), request.sessionId(), lease.leaseId()), lease.expiresAt())
                : credential(stored, secret);
        try {
            audit.record(events.credentialIssued(lease.facts(request.caller()), request.seq() == null ? 0 : request.seq()));
        } catch (AuditUnavailable e) {
            revoker.abandon(lease, "audit-unavailable");
            throw e;
        }
        // A certificate names one session's caller: the proxy keeps it per session, like a dynamic role.
        boolean perSession = lease.dynamic() || stored.type() == SecretType.SSH_CA;
        return new IssuedLease(lease.leaseId().toString(), lease.connection(), credential, lease.expiresAt(),
                perSession, lease.maxExpiresAt());
    }

    private LeaseCredential mintRole(StoredSecret stored, LeaseRecord lease, String adminPassword) {
        String password = RoleNames.password();
        try {
            roles.create(stored, adminPassword, lease.roleName(), password, lease.expiresAt());
        } catch (TargetUnavailable e) {
            if (e.maybeApplied()) {
                // The login may exist (a PostgreSQL connection broke after the statement went out, or a MySQL
                // grant failed after CREATE USER, which DDL cannot roll back): make sure none outlives this.
                revoker.abandon(lease, "creation-failed");
            } else {
                leases.end(lease.leaseId(), LeaseState.FAILED, "creation-failed: SQLSTATE " + e.sqlState(),
                        Instant.now(), true);
            }
            throw e;
        }
        if (!leases.activate(lease.leaseId())) {
            revoker.abandon(lease, "revoked-during-issuance");
            throw new LeaseProblems.LeaseNotActive(lease.leaseId(), LeaseState.REVOKED);
        }
        return new LeaseCredential(LeaseCredential.Type.PASSWORD, lease.roleName(), null, password);
    }

    private static LeaseCredential credential(StoredSecret stored, String secret) {
        return switch (stored.type()) {
            case BEARER -> new LeaseCredential(LeaseCredential.Type.BEARER, null, null, secret);
            case BASIC -> new LeaseCredential(LeaseCredential.Type.BASIC, stored.username(), null, secret);
            case HEADER -> new LeaseCredential(LeaseCredential.Type.HEADER, null, stored.settings().header(), secret);
            case POSTGRES_PASSWORD -> new LeaseCredential(LeaseCredential.Type.PASSWORD, stored.username(), null, secret);
            case SSH_KEY -> new LeaseCredential(LeaseCredential.Type.SSH_KEY, stored.username(), null, secret);
            case POSTGRES_DYNAMIC, MYSQL_DYNAMIC, SSH_CA -> throw new IllegalStateException(stored.type() + " secrets are minted, not handed out");
        };
    }

    private LeaseRecord newLease(StoredSecret stored, LeaseRequest request, String issuedTo) {
        boolean dynamic = stored.type().dynamic();
        Duration maxTtl = properties.maxTtl();
        Duration ttl = properties.ttl();
        if (dynamic) {
            maxTtl = min(maxTtl, stored.settings().maxTtlDuration());
            ttl = stored.settings().defaultTtlDuration() == null ? ttl : stored.settings().defaultTtlDuration();
        }
        ttl = min(ttl, maxTtl);
        Instant now = Instant.now();
        CallerIdentity caller = request.caller();
        UUID leaseId = Ids.uuidV7();
        return new LeaseRecord(leaseId, stored.connection(), stored.type().name(), dynamic,
                dynamic ? DynamicLogins.nextName(stored) : null, request.sessionId(),
                caller == null ? null : caller.issuer(), caller == null ? null : caller.subject(), issuedTo, now,
                now.plus(ttl), now.plus(maxTtl), ttl, dynamic ? LeaseState.PENDING : LeaseState.ACTIVE, null, null);
    }

    private static Duration min(Duration a, Duration b) {
        return b == null || a.compareTo(b) <= 0 ? a : b;
    }
}
