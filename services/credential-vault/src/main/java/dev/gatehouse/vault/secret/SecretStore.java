package dev.gatehouse.vault.secret;

import dev.gatehouse.vault.crypto.SealedSecret;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code secrets} table. Only sealed bytes go in and come out; settings are stored verbatim. */
@Repository
public class SecretStore {

    private static final String COLUMNS = "connection, type, username, settings, ciphertext, nonce, wrapped_key, "
            + "key_nonce, key_id, format, created_at, updated_at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SecretStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void save(String connection, SecretType type, String username, String settingsJson, SealedSecret sealed,
              Instant now) {
        jdbc.sql("""
                        INSERT INTO secrets (connection, type, username, settings, ciphertext, nonce, wrapped_key,
                                             key_nonce, key_id, format, created_at, updated_at)
                        VALUES (:connection, :type, :username, :settings, :ciphertext, :nonce, :wrappedKey,
                                :keyNonce, :keyId, :format, :now, :now)
                        ON CONFLICT (connection) DO UPDATE SET type = EXCLUDED.type, username = EXCLUDED.username,
                            settings = EXCLUDED.settings, ciphertext = EXCLUDED.ciphertext, nonce = EXCLUDED.nonce,
                            wrapped_key = EXCLUDED.wrapped_key, key_nonce = EXCLUDED.key_nonce,
                            key_id = EXCLUDED.key_id, format = EXCLUDED.format, updated_at = EXCLUDED.updated_at
                        """)
                .param("connection", connection).param("type", type.name()).param("username", username)
                .param("settings", settingsJson).param("now", Timestamp.from(now))
                .params(sealedParams(sealed))
                .update();
    }

    public Optional<StoredSecret> find(String connection) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM secrets WHERE connection = :connection")
                .param("connection", connection).query(this::row).optional();
    }

    /** Locks the row until the transaction ends, so a change and a rotation never interleave on it. */
    public Optional<StoredSecret> findForUpdate(String connection) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM secrets WHERE connection = :connection FOR UPDATE")
                .param("connection", connection).query(this::row).optional();
    }

    List<StoredSecret> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM secrets ORDER BY connection").query(this::row).list();
    }

    boolean delete(String connection) {
        return jdbc.sql("DELETE FROM secrets WHERE connection = :connection")
                .param("connection", connection).update() > 0;
    }

    /** The next rows after {@code after} that are not wrapped by {@code keyId} in the current format, locked. */
    public List<StoredSecret> lockNotWrappedBy(String keyId, int format, String after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM secrets WHERE (key_id <> :keyId OR format <> :format) "
                        + "AND connection > :after ORDER BY connection LIMIT :limit FOR UPDATE")
                .param("keyId", keyId).param("format", format).param("after", after).param("limit", limit)
                .query(this::row).list();
    }

    /** Replaces only the sealed columns; {@code updated_at} stays, since the secret itself did not change. */
    public void replaceSealed(String connection, SealedSecret sealed) {
        jdbc.sql("""
                        UPDATE secrets SET ciphertext = :ciphertext, nonce = :nonce, wrapped_key = :wrappedKey,
                            key_nonce = :keyNonce, key_id = :keyId, format = :format
                        WHERE connection = :connection
                        """)
                .param("connection", connection).params(sealedParams(sealed)).update();
    }

    /** How many secrets each KEK id wraps. */
    public Map<String, Long> countByKeyId() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT key_id, count(*) AS n FROM secrets GROUP BY key_id ORDER BY key_id")
                .query(rs -> {
                    counts.put(rs.getString("key_id"), rs.getLong("n"));
                });
        return counts;
    }

    private static Map<String, Object> sealedParams(SealedSecret sealed) {
        return Map.of("ciphertext", sealed.ciphertext(), "nonce", sealed.nonce(), "wrappedKey", sealed.wrappedKey(),
                "keyNonce", sealed.keyNonce(), "keyId", sealed.keyId(), "format", sealed.format());
    }

    private StoredSecret row(ResultSet rs, int rowNum) throws SQLException {
        SealedSecret sealed = new SealedSecret(rs.getBytes("ciphertext"), rs.getBytes("nonce"),
                rs.getBytes("wrapped_key"), rs.getBytes("key_nonce"), rs.getString("key_id"), rs.getInt("format"));
        String settings = rs.getString("settings");
        return new StoredSecret(rs.getString("connection"), SecretType.valueOf(rs.getString("type")),
                rs.getString("username"), settings,
                settings == null ? null : json.readValue(settings, SecretSettings.class), sealed,
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
