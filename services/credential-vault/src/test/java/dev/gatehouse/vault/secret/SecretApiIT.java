package dev.gatehouse.vault.secret;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.vault.VaultApiIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class SecretApiIT extends VaultApiIntegration {

    @Test
    void storesASecretEncryptedAndNeverShowsIt(CapturedOutput output) throws Exception {
        String secret = fakeSecret();

        Response put = call("PUT", "/api/v1/secrets/orders-api", admin(),
                "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");
        Response list = call("GET", "/api/v1/secrets", admin(), null);

        assertThat(put.status()).isEqualTo(204);
        assertThat(put.body()).isEmpty();
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).contains("\"connection\":\"orders-api\"")
                .contains("\"type\":\"BEARER\"").contains("\"keyId\":\"kek-1\"").contains("\"updatedAt\"");
        assertThat(storedRow("orders-api")).doesNotContain(hex(secret));
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void storesABasicSecretWithItsUsername(CapturedOutput output) throws Exception {
        String password = fakeSecret();

        Response put = call("PUT", "/api/v1/secrets/billing-db", admin(),
                "{\"type\":\"BASIC\",\"username\":\"billing_app\",\"secret\":\"" + password + "\"}");
        Response again = call("PUT", "/api/v1/secrets/billing-db", admin(),
                "{\"type\":\"BASIC\",\"username\":\"billing_app\",\"secret\":\"" + password + "\"}");
        Response list = call("GET", "/api/v1/secrets", admin(), null);

        assertThat(put.status()).isEqualTo(204);
        assertThat(again.status()).as("PUT replaces").isEqualTo(204);
        assertThat(list.json().valueStream().filter(s -> s.get("connection").asString().equals("billing-db")))
                .singleElement().satisfies(s -> {
                    assertThat(s.get("type").asString()).isEqualTo("BASIC");
                    assertThat(s.get("username").asString()).isEqualTo("billing_app");
                    assertThat(s.has("secret")).isFalse();
                });
        assertThat(storedRow("billing-db")).doesNotContain(hex(password));
        assertThat(output.getAll()).doesNotContain(password);
    }

    @Test
    void deletesASecretAndThenReportsItMissing() {
        call("PUT", "/api/v1/secrets/short-lived", admin(), "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");

        Response deleted = call("DELETE", "/api/v1/secrets/short-lived", admin(), null);
        Response again = call("DELETE", "/api/v1/secrets/short-lived", admin(), null);

        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(again, 404, ProblemTypes.NOT_FOUND.toString());
    }

    @Test
    void rejectsInvalidBodiesNamingTheField(CapturedOutput output) {
        String secret = fakeSecret();

        assertProblem(call("PUT", "/api/v1/secrets/x", admin(), "{\"secret\":\"" + secret + "\"}"), 400,
                ProblemTypes.INVALID_REQUEST.toString()).contains("type");
        assertProblem(call("PUT", "/api/v1/secrets/x", admin(), "{\"type\":\"TOKEN\",\"secret\":\"" + secret + "\"}"),
                400, ProblemTypes.INVALID_REQUEST.toString()).contains("type");
        assertProblem(call("PUT", "/api/v1/secrets/x", admin(), "{\"type\":\"BASIC\",\"secret\":\"" + secret + "\"}"),
                400, ProblemTypes.INVALID_REQUEST.toString()).contains("username");
        assertProblem(call("PUT", "/api/v1/secrets/x", admin(), "{\"type\":\"BEARER\",\"secret\":\"\"}"), 400,
                ProblemTypes.INVALID_REQUEST.toString()).contains("secret");
        assertProblem(call("PUT", "/api/v1/secrets/bad%20name", admin(),
                "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}"), 400, ProblemTypes.INVALID_REQUEST.toString())
                .contains("connection");
        assertProblem(call("PUT", "/api/v1/secrets/x", admin(), "{\"type\":\"BEARER\",\"secret\":" + secret + "}"),
                400, ProblemTypes.INVALID_REQUEST.toString()).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void refusesCallersWithoutTheAdminRole() {
        String body = "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}";

        assertProblem(call("PUT", "/api/v1/secrets/orders-api", null, body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("PUT", "/api/v1/secrets/orders-api", agent(), body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("PUT", "/api/v1/secrets/orders-api", proxy(), body), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("GET", "/api/v1/secrets", OIDC.internalToken("rita", "gatehouse-reviewer"), null), 403,
                ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("DELETE", "/api/v1/secrets/orders-api", proxy(), null), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("GET", "/api/v1/secrets", agent(), null), 401, ProblemTypes.UNAUTHORIZED.toString());
    }

    private static org.assertj.core.api.AbstractStringAssert<?> assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("type").asString()).as(response.body()).isEqualTo(type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("trace").doesNotContain("Exception");
        return assertThat(response.json().get("detail").asString());
    }

    /** Every stored byte of the row, as hex, read with plain JDBC. */
    private String storedRow(String connection) throws Exception {
        try (Connection db = jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT ciphertext, nonce, wrapped_key, key_nonce, username, type, key_id FROM secrets WHERE connection = ?")) {
            query.setString(1, connection);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                StringBuilder all = new StringBuilder();
                for (int column = 1; column <= 4; column++) {
                    all.append(HexFormat.of().formatHex(row.getBytes(column))).append('|');
                }
                for (int column = 5; column <= 7; column++) {
                    all.append(hex(String.valueOf(row.getString(column)))).append('|');
                }
                return all.toString();
            }
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
    }
}
