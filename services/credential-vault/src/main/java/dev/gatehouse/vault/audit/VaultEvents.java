package dev.gatehouse.vault.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Protocol;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the vault's audit events. Payloads are JSON of facts only (ids, role name, expiry, action):
 * a credential, a password or a secret value never goes in. Lease events are keyed by the caller's
 * session so they sit next to that session's requests; events without a session use {@value #VAULT_SESSION}.
 */
@Component
public class VaultEvents {

    public static final String VAULT_SESSION = "vault";

    private final JsonMapper json;

    VaultEvents(JsonMapper json) {
        this.json = json;
    }

    public AuditEvent credentialIssued(LeaseFacts lease) {
        return credentialIssued(lease, 0);
    }

    /** The issue as event {@code seq} of the caller's session, where the proxy asked for it (0: none given). */
    public AuditEvent credentialIssued(LeaseFacts lease, long seq) {
        return lease(AuditEventKind.CREDENTIAL_ISSUED, lease, null, seq);
    }

    public AuditEvent credentialRevoked(LeaseFacts lease, String reason) {
        return lease(AuditEventKind.CREDENTIAL_REVOKED, lease, reason, 0);
    }

    public AuditEvent secretChanged(String connection, String type, String action, CallerIdentity admin) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("connection", connection);
        payload.put("type", type);
        payload.put("action", action);
        return event(VAULT_SESSION, 0, AuditEventKind.SECRET_CHANGED, admin, connection, null, payload, null);
    }

    /** A KEK rotation: which key is active now and how many data keys it re-wrapped (no key material). */
    public AuditEvent keysRotated(String activeKeyId, int rewrapped, int unreadable, CallerIdentity admin) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("action", "keys-rotated");
        payload.put("activeKeyId", activeKeyId);
        payload.put("rewrapped", rewrapped);
        payload.put("unreadable", unreadable);
        return event(VAULT_SESSION, 0, AuditEventKind.SECRET_CHANGED, admin, null, null, payload, null);
    }

    /** The admin (or proxy) behind an internal call: issuer, subject and roles, nothing else of the token. */
    public static CallerIdentity identityOf(Jwt jwt) {
        String issuer = jwt.getIssuer() == null ? "unknown" : jwt.getIssuer().toString();
        List<String> groups = jwt.getClaimAsStringList("groups");
        return new CallerIdentity(issuer, jwt.getSubject() == null ? "unknown" : jwt.getSubject(),
                groups == null ? Map.of() : Map.of("groups", groups));
    }

    private AuditEvent lease(AuditEventKind kind, LeaseFacts lease, String reason, long seq) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("leaseId", lease.leaseId());
        payload.put("secretType", lease.secretType());
        payload.put("dynamic", lease.dynamic());
        if (lease.role() != null) {
            payload.put("role", lease.role());
        }
        payload.put("expiresAt", lease.expiresAt().toString());
        if (lease.sessionId() != null) {
            payload.put("sessionId", lease.sessionId());
        }
        payload.put("issuedTo", lease.issuedTo());
        if (reason != null) {
            payload.put("reason", reason);
        }
        String session = lease.sessionId() == null || lease.sessionId().isBlank() ? VAULT_SESSION : lease.sessionId();
        Protocol protocol = lease.secretType().startsWith("POSTGRES") ? Protocol.POSTGRES : null;
        return event(session, seq, kind, lease.caller(), lease.connection(), protocol, payload, lease.leaseId());
    }

    private AuditEvent event(String session, long seq, AuditEventKind kind, CallerIdentity identity,
                             String connection, Protocol protocol, Map<String, Object> payload, String leaseId) {
        return new AuditEvent(Ids.uuidV7(), session, seq, Instant.now(), kind, identity, connection, protocol, null,
                null, null, null, null, json.writeValueAsString(payload), null, null, null, leaseId);
    }
}
