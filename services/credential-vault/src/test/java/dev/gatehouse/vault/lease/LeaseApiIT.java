package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.vault.VaultApiIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeaseApiIT extends VaultApiIntegration {

    @Test
    void issuesABearerLeaseToTheProxyAndRecordsIt(CapturedOutput output) throws Exception {
        String secret = fakeSecret();
        storeSecret("orders-api", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");

        Response response = call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"orders-api\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode lease = response.json();
        assertThat(lease.get("connection").asString()).isEqualTo("orders-api");
        assertThat(lease.get("credential").get("type").asString()).isEqualTo("BEARER");
        assertThat(lease.get("credential").get("secret").asString()).isEqualTo(secret);
        Instant expiresAt = Instant.parse(lease.get("expiresAt").asString());
        assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofMinutes(15)), within(Duration.ofMinutes(1)));
        assertLeaseRow(lease.get("leaseId").asString(), "orders-api", "gatehouse-edge-proxy", expiresAt);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void issuesABasicLeaseWithTheUsername(CapturedOutput output) {
        String password = fakeSecret();
        storeSecret("billing-db", "{\"type\":\"BASIC\",\"username\":\"billing_app\",\"secret\":\"" + password + "\"}");

        Response response = call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"billing-db\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("credential").get("username").asString()).isEqualTo("billing_app");
        assertThat(response.json().get("credential").get("secret").asString()).isEqualTo(password);
        assertThat(output.getAll()).doesNotContain(password);
    }

    @Test
    void refusesEveryoneButTheProxy() {
        storeSecret("guarded", "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");
        String body = "{\"connection\":\"guarded\"}";

        assertProblem(call("POST", "/api/v1/leases", admin(), body), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("POST", "/api/v1/leases", OIDC.internalToken("rita", "gatehouse-reviewer"), body), 403,
                ProblemTypes.FORBIDDEN.toString());
        // An agent's token from the CI issuer, even one claiming the proxy's group, is not a proxy token.
        assertProblem(call("POST", "/api/v1/leases", agent(), body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("POST", "/api/v1/leases", null, body), 401, ProblemTypes.UNAUTHORIZED.toString());
    }

    @Test
    void reportsAnUnknownConnectionAsNotFound() {
        assertProblem(call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"nowhere\"}"), 404,
                ProblemTypes.NOT_FOUND.toString());
        assertProblem(call("POST", "/api/v1/leases", proxy(), "{}"), 400, ProblemTypes.INVALID_REQUEST.toString());
    }

    @Test
    void answersATamperedRowWithAFixedProblemAndNoLease(CapturedOutput output) throws Exception {
        String secret = fakeSecret();
        storeSecret("tampered", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");
        sql("UPDATE secrets SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE connection = 'tampered'");

        Response response = call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"tampered\"}");

        assertProblem(response, 500, "https://gatehouse.dev/problems/secret-unreadable");
        assertThat(response.json().get("detail").asString()).isEqualTo("the stored secret could not be decrypted");
        assertThat(leaseCount("tampered")).isZero();
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void refusesASealedSecretCopiedOntoAnotherConnection() throws Exception {
        storeSecret("source-conn", "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");
        storeSecret("target-conn", "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");
        sql("""
                UPDATE secrets t SET ciphertext = s.ciphertext, nonce = s.nonce, wrapped_key = s.wrapped_key,
                    key_nonce = s.key_nonce FROM secrets s
                WHERE t.connection = 'target-conn' AND s.connection = 'source-conn'
                """);

        Response response = call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"target-conn\"}");

        assertProblem(response, 500, "https://gatehouse.dev/problems/secret-unreadable");
    }

    private void storeSecret(String connection, String body) {
        assertThat(call("PUT", "/api/v1/secrets/" + connection, admin(), body).status()).isEqualTo(204);
    }

    private static void assertProblem(Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo(type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("trace").doesNotContain("Exception").doesNotContain("fake-secret");
    }

    private void assertLeaseRow(String leaseId, String connection, String issuedTo, Instant expiresAt) throws Exception {
        try (Connection db = jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT connection, issued_to, expires_at FROM leases WHERE lease_id = ?")) {
            query.setObject(1, UUID.fromString(leaseId));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("connection")).isEqualTo(connection);
                assertThat(row.getString("issued_to")).isEqualTo(issuedTo);
                assertThat(row.getTimestamp("expires_at").toInstant()).isCloseTo(expiresAt, within(Duration.ofMillis(1)));
            }
        }
    }

    private int leaseCount(String connection) throws Exception {
        try (Connection db = jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM leases WHERE connection = ?")) {
            query.setString(1, connection);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection db = jdbc(); var update = db.createStatement()) {
            assertThat(update.executeUpdate(statement)).isEqualTo(1);
        }
    }
}
