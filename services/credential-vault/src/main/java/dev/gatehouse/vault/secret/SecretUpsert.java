package dev.gatehouse.vault.secret;

import java.time.Instant;

/** The create-or-replace of a secret row, a fragment of {@link SecretRepository}. */
interface SecretUpsert {

    void upsert(String connection, String type, String username, String settings, byte[] ciphertext, byte[] nonce,
                byte[] wrappedKey, byte[] keyNonce, String keyId, short format, Instant now);
}
