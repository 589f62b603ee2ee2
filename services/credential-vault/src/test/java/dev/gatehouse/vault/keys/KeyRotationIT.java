package dev.gatehouse.vault.keys;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.VaultHttp.Response;
import dev.gatehouse.vault.crypto.SealedSecret;
import dev.gatehouse.vault.crypto.SecretBinding;
import dev.gatehouse.vault.crypto.TestSealing;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows sealed under the old KEK {@code kek-1} (one still in the first version's format) stay readable
 * while {@code kek-2} is active; a rotation re-wraps all of them, after which {@code kek-2} alone opens
 * every row and no row names {@code kek-1}. A row that does not decrypt is reported, never overwritten.
 */
class KeyRotationIT extends VaultApiIntegration {

    private static final String HEADER_SETTINGS = "{\"header\":\"X-Api-Key\"}";

    @Test
    void rotationRewrapsEveryRowAndTheOldKeyIsNoLongerNeeded() throws Exception {
        Map<String, String> plaintexts = new LinkedHashMap<>();
        plaintexts.put("rot-bearer", seed("rot-bearer", "BEARER", null, false));
        plaintexts.put("rot-header", seed("rot-header", "HEADER", HEADER_SETTINGS, false));
        plaintexts.put("rot-legacy", seed("rot-legacy", "BEARER", null, true));
        String fresh = fakeSecret();
        putSecret("rot-fresh", "{\"type\":\"BEARER\",\"secret\":\"" + fresh + "\"}");
        plaintexts.put("rot-fresh", fresh);
        seed("rot-tampered", "BEARER", null, false);
        sql("UPDATE secrets SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) "
                + "WHERE connection = 'rot-tampered'");
        assertThat(leasedSecret("rot-legacy")).as("readable before rotation").isEqualTo(plaintexts.get("rot-legacy"));
        JsonNode before = call("GET", "/api/v1/keys", admin(), null).json();
        assertThat(count(before, "kek-1")).isGreaterThanOrEqualTo(4);

        Response rotated = call("POST", "/api/v1/keys/rotate", admin(), null);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.json().get("activeKeyId").asString()).isEqualTo("kek-2");
        assertThat(rotated.json().get("rewrapped").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(rotated.json().get("unreadable").toString()).contains("rot-tampered");
        assertThat(rotated.body() + before).doesNotContain(OLD_KEY).doesNotContain(ACTIVE_KEY);
        assertThat(call("DELETE", "/api/v1/secrets/rot-tampered", admin(), null).status()).isEqualTo(204);
        assertThat(scalar("SELECT count(*) FROM secrets WHERE key_id <> 'kek-2' OR format <> 2")).isZero();
        for (Map.Entry<String, String> row : plaintexts.entrySet()) {
            assertThat(openWithNewKeyOnly(row.getKey())).as(row.getKey()).isEqualTo(row.getValue());
            assertThat(leasedSecret(row.getKey())).as(row.getKey()).isEqualTo(row.getValue());
        }
        assertThat(count(call("GET", "/api/v1/keys", admin(), null).json(), "kek-1")).isZero();
    }

    @Test
    void onlyAdminsSeeAndRotateKeys() {
        assertProblem(call("POST", "/api/v1/keys/rotate", proxy(), null), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("POST", "/api/v1/keys/rotate", agent(), null), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("GET", "/api/v1/keys", reviewer(), null), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("GET", "/api/v1/keys", null, null), 401, ProblemTypes.UNAUTHORIZED.toString());
    }

    private String seed(String connection, String type, String settings, boolean legacy) throws Exception {
        String plaintext = fakeSecret();
        SealedSecret sealed = legacy ? TestSealing.sealLegacy("kek-1", OLD_KEY, connection, plaintext)
                : TestSealing.seal("kek-1", OLD_KEY, new SecretBinding(connection, type, null, settings), plaintext);
        try (Connection db = jdbc(); PreparedStatement insert = db.prepareStatement("""
                INSERT INTO secrets (connection, type, username, settings, ciphertext, nonce, wrapped_key, key_nonce,
                                     key_id, format, created_at, updated_at)
                VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, connection);
            insert.setString(2, type);
            insert.setString(3, settings);
            insert.setBytes(4, sealed.ciphertext());
            insert.setBytes(5, sealed.nonce());
            insert.setBytes(6, sealed.wrappedKey());
            insert.setBytes(7, sealed.keyNonce());
            insert.setString(8, sealed.keyId());
            insert.setInt(9, sealed.format());
            insert.setTimestamp(10, Timestamp.from(Instant.now()));
            insert.setTimestamp(11, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        }
        return plaintext;
    }

    private String openWithNewKeyOnly(String connection) throws Exception {
        try (Connection db = jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT type, username, settings, ciphertext, nonce, wrapped_key, key_nonce, key_id, format "
                        + "FROM secrets WHERE connection = ?")) {
            query.setString(1, connection);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                SealedSecret sealed = new SealedSecret(row.getBytes("ciphertext"), row.getBytes("nonce"),
                        row.getBytes("wrapped_key"), row.getBytes("key_nonce"), row.getString("key_id"),
                        row.getInt("format"));
                SecretBinding binding = new SecretBinding(connection, row.getString("type"), row.getString("username"),
                        row.getString("settings"));
                return TestSealing.open("kek-2", ACTIVE_KEY, binding, sealed);
            }
        }
    }

    private String leasedSecret(String connection) {
        Response lease = lease(connection, null);
        assertThat(lease.status()).as(lease.body()).isEqualTo(200);
        return lease.json().get("credential").get("secret").asString();
    }

    private static long count(JsonNode keyring, String keyId) {
        for (JsonNode key : keyring.get("keys")) {
            if (key.get("keyId").asString().equals(keyId)) {
                return key.get("secrets").asLong();
            }
        }
        return 0;
    }

    private long scalar(String query) throws Exception {
        try (Connection db = jdbc(); Statement sql = db.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection db = jdbc(); Statement sql = db.createStatement()) {
            sql.executeUpdate(statement);
        }
    }
}
