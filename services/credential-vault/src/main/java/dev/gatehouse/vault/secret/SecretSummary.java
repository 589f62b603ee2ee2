package dev.gatehouse.vault.secret;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** What the admin API shows about a stored secret: everything except the secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SecretSummary(String connection, SecretType type, String username, SecretSettings settings, String keyId,
                     Instant createdAt, Instant updatedAt) {

    static SecretSummary of(StoredSecret stored) {
        return new SecretSummary(stored.connection(), stored.type(), stored.username(), stored.settings(),
                stored.sealed().keyId(), stored.createdAt(), stored.updatedAt());
    }
}
