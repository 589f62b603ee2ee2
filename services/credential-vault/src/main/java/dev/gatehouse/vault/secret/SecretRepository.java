package dev.gatehouse.vault.secret;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code secrets} rows; {@link SecretStore} is the only caller. */
interface SecretRepository extends JpaRepository<SecretRow, String> {

    /** A count of secrets per KEK id. */
    interface KeyCount {
        String getKeyId();

        long getSecrets();
    }

    /** {@code SELECT … FOR UPDATE}-style lock until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from SecretRow s where s.connection = :connection")
    Optional<SecretRow> lockById(String connection);

    List<SecretRow> findAllByOrderByConnection();

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("""
            select s from SecretRow s where (s.keyId <> :keyId or s.format <> :format) and s.connection > :after
            order by s.connection
            """)
    List<SecretRow> lockNotWrappedBy(String keyId, short format, String after, Limit limit);

    @Query("select s.keyId as keyId, count(s) as secrets from SecretRow s group by s.keyId order by s.keyId")
    List<KeyCount> countByKeyId();

    /**
     * Create or replace in one statement: two admins creating the same connection at once end with the
     * last one's secret, as before, rather than one of them with a unique violation.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query(nativeQuery = true, value = """
            INSERT INTO secrets (connection, type, username, settings, ciphertext, nonce, wrapped_key,
                                 key_nonce, key_id, format, created_at, updated_at)
            VALUES (:connection, :type, :username, :settings, :ciphertext, :nonce, :wrappedKey,
                    :keyNonce, :keyId, :format, :now, :now)
            ON CONFLICT (connection) DO UPDATE SET type = EXCLUDED.type, username = EXCLUDED.username,
                settings = EXCLUDED.settings, ciphertext = EXCLUDED.ciphertext, nonce = EXCLUDED.nonce,
                wrapped_key = EXCLUDED.wrapped_key, key_nonce = EXCLUDED.key_nonce,
                key_id = EXCLUDED.key_id, format = EXCLUDED.format, updated_at = EXCLUDED.updated_at
            """)
    void upsert(String connection, String type, String username, String settings, byte[] ciphertext, byte[] nonce,
                byte[] wrappedKey, byte[] keyNonce, String keyId, short format, Instant now);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from SecretRow s where s.connection = :connection")
    int deleteByConnection(String connection);
}
