package dev.gatehouse.vault.secret;

import jakarta.persistence.EntityManager;
import org.hibernate.query.NativeQuery;

import java.time.Instant;

/**
 * Create or replace in one statement: two admins creating the same connection at once end with the
 * last one's secret, as before, rather than one of them with a unique violation ({@code persist}
 * would). Run through the entity manager rather than a native {@code @Query}: Spring Data would
 * re-parse that with JSqlParser wherever it is on the classpath (the one-JVM local stack), and it
 * does not read {@code ON CONFLICT … EXCLUDED}.
 */
class SecretUpsertImpl implements SecretUpsert {

    private static final String UPSERT = """
            INSERT INTO secrets (connection, type, username, settings, ciphertext, nonce, wrapped_key,
                                 key_nonce, key_id, format, created_at, updated_at)
            VALUES (:connection, :type, :username, :settings, :ciphertext, :nonce, :wrappedKey,
                    :keyNonce, :keyId, :format, :now, :now)
            ON CONFLICT (connection) DO UPDATE SET type = EXCLUDED.type, username = EXCLUDED.username,
                settings = EXCLUDED.settings, ciphertext = EXCLUDED.ciphertext, nonce = EXCLUDED.nonce,
                wrapped_key = EXCLUDED.wrapped_key, key_nonce = EXCLUDED.key_nonce,
                key_id = EXCLUDED.key_id, format = EXCLUDED.format, updated_at = EXCLUDED.updated_at
            """;

    private final EntityManager entityManager;

    SecretUpsertImpl(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public void upsert(String connection, String type, String username, String settings, byte[] ciphertext,
                       byte[] nonce, byte[] wrappedKey, byte[] keyNonce, String keyId, short format, Instant now) {
        entityManager.flush();
        // Typed, so a null username or settings binds as text rather than as an untyped null.
        entityManager.createNativeQuery(UPSERT).unwrap(NativeQuery.class)
                .setParameter("connection", connection, String.class).setParameter("type", type, String.class)
                .setParameter("username", username, String.class).setParameter("settings", settings, String.class)
                .setParameter("ciphertext", ciphertext, byte[].class).setParameter("nonce", nonce, byte[].class)
                .setParameter("wrappedKey", wrappedKey, byte[].class).setParameter("keyNonce", keyNonce, byte[].class)
                .setParameter("keyId", keyId, String.class).setParameter("format", format, Short.class)
                .setParameter("now", now, Instant.class)
                .executeUpdate();
        // A row this transaction loaded before is stale now: read it again if asked.
        entityManager.clear();
    }
}
