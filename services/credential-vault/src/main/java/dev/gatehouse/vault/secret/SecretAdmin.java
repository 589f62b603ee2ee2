package dev.gatehouse.vault.secret;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.vault.audit.AuditTrail;
import dev.gatehouse.vault.audit.VaultEvents;
import dev.gatehouse.vault.crypto.EnvelopeCipher;
import dev.gatehouse.vault.crypto.SealedSecret;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Creates, replaces and deletes secrets. Each change is written and its SECRET_CHANGED event
 * acknowledged by Kafka in one transaction: when the trail cannot record it, the change is rolled back.
 */
@Service
class SecretAdmin {

    private final SecretStore store;
    private final EnvelopeCipher cipher;
    private final ActiveLeases leases;
    private final AuditTrail audit;
    private final VaultEvents events;
    private final JsonMapper json;

    SecretAdmin(SecretStore store, EnvelopeCipher cipher, ActiveLeases leases, AuditTrail audit, VaultEvents events,
                JsonMapper json) {
        this.store = store;
        this.cipher = cipher;
        this.leases = leases;
        this.audit = audit;
        this.events = events;
        this.json = json;
    }

    @Transactional
    void put(String connection, PutSecretRequest request, CallerIdentity admin) {
        SecretRules.checkConnection(connection);
        SecretType type = request.secretType();
        SecretSettings settings = SecretRules.settings(request);
        String settingsJson = settings == null ? null : json.writeValueAsString(settings);
        String username = type.needsUsername() ? request.username() : null;
        byte[] plaintext = request.secret().getBytes(StandardCharsets.UTF_8);
        SealedSecret sealed;
        try {
            sealed = cipher.seal(StoredSecret.binding(connection, type, username, settingsJson), plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        Optional<StoredSecret> existing = store.findForUpdate(connection);
        existing.filter(old -> old.type().dynamic())
                .filter(old -> old.type() != type || !old.settings().sameTarget(settings))
                .ifPresent(old -> leases.revokeAll(old, "secret-replaced", false));
        store.save(connection, type, username, settingsJson, sealed, Instant.now());
        audit.record(events.secretChanged(connection, type.name(), existing.isPresent() ? "replaced" : "created",
                admin));
    }

    @Transactional
    void delete(String connection, boolean force, CallerIdentity admin) {
        StoredSecret existing = store.findForUpdate(connection).orElseThrow(() -> new SecretNotFound(connection));
        if (existing.type().dynamic()) {
            leases.revokeAll(existing, "secret-deleted", force);
        }
        store.delete(connection);
        audit.record(events.secretChanged(connection, existing.type().name(), "deleted", admin));
    }
}
