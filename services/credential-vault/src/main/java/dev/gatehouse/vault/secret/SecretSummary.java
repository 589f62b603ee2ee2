package dev.gatehouse.vault.secret;

import dev.gatehouse.model.Credential;

import java.time.Instant;

/** What the admin API shows about a stored secret: everything except the secret. */
record SecretSummary(String connection, Credential.Type type, String username, String keyId, Instant updatedAt) {

    static SecretSummary of(StoredSecret stored) {
        return new SecretSummary(stored.connection(), stored.type(), stored.username(), stored.sealed().keyId(),
                stored.updatedAt());
    }
}
