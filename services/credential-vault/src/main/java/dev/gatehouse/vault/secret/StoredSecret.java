package dev.gatehouse.vault.secret;

import dev.gatehouse.vault.crypto.SealedSecret;
import dev.gatehouse.vault.crypto.SecretBinding;

import java.time.Instant;

/**
 * One row of {@code secrets}: the sealed secret plus what may be shown about it. {@code settingsJson}
 * is kept verbatim because it is bound to the ciphertext; {@code settings} is its parsed form.
 */
public record StoredSecret(String connection, SecretType type, String username, String settingsJson,
                           SecretSettings settings, SealedSecret sealed, Instant createdAt, Instant updatedAt) {

    public SecretBinding binding() {
        return binding(connection, type, username, settingsJson);
    }

    static SecretBinding binding(String connection, SecretType type, String username, String settingsJson) {
        return new SecretBinding(connection, type.name(), username, settingsJson);
    }
}
