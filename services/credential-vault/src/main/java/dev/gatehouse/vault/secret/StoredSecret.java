package dev.gatehouse.vault.secret;

import dev.gatehouse.model.Credential;
import dev.gatehouse.vault.crypto.SealedSecret;

import java.time.Instant;

/** One row of {@code secrets}: the sealed secret plus what may be shown about it. */
public record StoredSecret(String connection, Credential.Type type, String username, SealedSecret sealed,
                           Instant createdAt, Instant updatedAt) {
}
