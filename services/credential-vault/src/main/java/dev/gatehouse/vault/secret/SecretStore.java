package dev.gatehouse.vault.secret;

import dev.gatehouse.model.Credential;
import dev.gatehouse.vault.crypto.SealedSecret;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code secrets} table. Only sealed bytes go in and come out. */
@Repository
public class SecretStore {

    private final JdbcClient jdbc;

    SecretStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(String connection, Credential.Type type, String username, SealedSecret sealed, Instant now) {
        jdbc.sql("""
                        INSERT INTO secrets (connection, type, username, ciphertext, nonce, wrapped_key, key_nonce,
                                             key_id, created_at, updated_at)
                        VALUES (:connection, :type, :username, :ciphertext, :nonce, :wrappedKey, :keyNonce,
                                :keyId, :now, :now)
                        ON CONFLICT (connection) DO UPDATE SET type = EXCLUDED.type, username = EXCLUDED.username,
                            ciphertext = EXCLUDED.ciphertext, nonce = EXCLUDED.nonce,
                            wrapped_key = EXCLUDED.wrapped_key, key_nonce = EXCLUDED.key_nonce,
                            key_id = EXCLUDED.key_id, updated_at = EXCLUDED.updated_at
                        """)
                .param("connection", connection).param("type", type.name()).param("username", username)
                .param("ciphertext", sealed.ciphertext()).param("nonce", sealed.nonce())
                .param("wrappedKey", sealed.wrappedKey()).param("keyNonce", sealed.keyNonce())
                .param("keyId", sealed.keyId()).param("now", Timestamp.from(now))
                .update();
    }

    public Optional<StoredSecret> find(String connection) {
        return jdbc.sql("SELECT * FROM secrets WHERE connection = :connection")
                .param("connection", connection)
                .query(SecretStore::row).optional();
    }

    List<StoredSecret> findAll() {
        return jdbc.sql("SELECT * FROM secrets ORDER BY connection").query(SecretStore::row).list();
    }

    boolean delete(String connection) {
        return jdbc.sql("DELETE FROM secrets WHERE connection = :connection")
                .param("connection", connection).update() > 0;
    }

    private static StoredSecret row(ResultSet rs, int rowNum) throws SQLException {
        SealedSecret sealed = new SealedSecret(rs.getBytes("ciphertext"), rs.getBytes("nonce"),
                rs.getBytes("wrapped_key"), rs.getBytes("key_nonce"), rs.getString("key_id"));
        return new StoredSecret(rs.getString("connection"), Credential.Type.valueOf(rs.getString("type")),
                rs.getString("username"), sealed, rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
