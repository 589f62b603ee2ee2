package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.VaultHttp.Response;
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

/** Static secrets as leases, who may have them, and rows that must not decrypt. Dynamic roles: DynamicLeaseIT. */
class LeaseApiIT extends VaultApiIntegration {

    @Test
    void issuesABearerLeaseToTheProxyRecordsItAndAuditsItWithoutTheSecret(CapturedOutput output) throws Exception {
        String secret = fakeSecret();
        putSecret("orders-api", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");

        Response response = lease("orders-api", "session-static-1");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode lease = response.json();
        assertThat(lease.get("connection").asString()).isEqualTo("orders-api");
        assertThat(lease.get("credential").get("type").asString()).isEqualTo("BEARER");
        assertThat(lease.get("credential").get("secret").asString()).isEqualTo(secret);
        assertThat(lease.get("dynamic").asBoolean()).isFalse();
        Instant expiresAt = Instant.parse(lease.get("expiresAt").asString());
        assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofMinutes(15)), within(Duration.ofMinutes(1)));
        String leaseId = lease.get("leaseId").asString();
        assertLeaseRow(leaseId, "orders-api", "gatehouse-edge-proxy", expiresAt);
        try (AuditTopic topic = new AuditTopic(KAFKA.bootstrapServers())) {
            var record = topic.await(e -> e.path("kind").asString().equals("CREDENTIAL_ISSUED")
                    && e.path("leaseId").asString().equals(leaseId));
            JsonNode event = AuditTopic.json(record);
            assertThat(record.key()).isEqualTo("session-static-1");
            assertThat(event.get("identity").get("subject").asString()).isEqualTo("repo:acme/app");
            assertThat(event.get("payload").asString()).contains("\"issuedTo\":\"gatehouse-edge-proxy\"");
            assertThat(topic.everything()).doesNotContain(secret);
        }
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void issuesBasicHeaderAndPostgresPasswordLeases(CapturedOutput output) {
        String basic = fakeSecret();
        String header = fakeSecret();
        String pg = fakeSecret();
        putSecret("billing-api", "{\"type\":\"BASIC\",\"username\":\"billing_app\",\"secret\":\"" + basic + "\"}");
        putSecret("gitlab-api", "{\"type\":\"HEADER\",\"header\":\"PRIVATE-TOKEN\",\"secret\":\"" + header + "\"}");
        putSecret("reports-pg", "{\"type\":\"POSTGRES_PASSWORD\",\"username\":\"reports\",\"secret\":\"" + pg + "\"}");

        JsonNode basicLease = lease("billing-api", null).json().get("credential");
        JsonNode headerLease = lease("gitlab-api", null).json().get("credential");
        JsonNode pgLease = lease("reports-pg", null).json().get("credential");

        assertThat(basicLease.get("username").asString()).isEqualTo("billing_app");
        assertThat(basicLease.get("secret").asString()).isEqualTo(basic);
        assertThat(headerLease.get("type").asString()).isEqualTo("HEADER");
        assertThat(headerLease.get("header").asString()).isEqualTo("PRIVATE-TOKEN");
        assertThat(headerLease.get("secret").asString()).isEqualTo(header);
        assertThat(pgLease.get("type").asString()).isEqualTo("PASSWORD");
        assertThat(pgLease.get("username").asString()).isEqualTo("reports");
        assertThat(output.getAll()).doesNotContain(basic).doesNotContain(header).doesNotContain(pg);
    }

    @Test
    void onlyTheProxyGetsACredential() {
        String secret = fakeSecret();
        putSecret("guarded", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");
        String body = "{\"connection\":\"guarded\"}";

        assertProblem(call("POST", "/api/v1/leases", admin(), body), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("POST", "/api/v1/leases", reviewer(), body), 403, ProblemTypes.FORBIDDEN.toString());
        // An agent's token from the CI issuer, even one claiming the proxy's group, is not a proxy token.
        assertProblem(call("POST", "/api/v1/leases", agent(), body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("POST", "/api/v1/leases", null, body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("POST", "/api/v1/leases", "not.a.jwt", body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertThat(call("POST", "/api/v1/leases", proxy(), body).body()).contains(secret);
    }

    @Test
    void onlyTheProxyRenewsAndOnlyProxyOrAdminRevokes() {
        putSecret("guarded-2", "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");
        String leaseId = lease("guarded-2", null).json().get("leaseId").asString();

        assertProblem(call("POST", "/api/v1/leases/" + leaseId + "/renew", admin(), null), 403,
                ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("POST", "/api/v1/leases/" + leaseId + "/renew", agent(), null), 401,
                ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("POST", "/api/v1/leases/" + leaseId + "/revoke", reviewer(), null), 403,
                ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("POST", "/api/v1/leases/" + leaseId + "/revoke", null, null), 401,
                ProblemTypes.UNAUTHORIZED.toString());
        assertThat(call("POST", "/api/v1/leases/" + leaseId + "/renew", proxy(), null).status()).isEqualTo(200);
        Response revoked = call("POST", "/api/v1/leases/" + leaseId + "/revoke", admin(), null);
        assertThat(revoked.json().get("state").asString()).isEqualTo("REVOKED");
        assertThat(revoked.body()).doesNotContain("secret");
        assertProblem(call("POST", "/api/v1/leases/" + leaseId + "/renew", proxy(), null), 409,
                ProblemTypes.CONFLICT.toString());
    }

    @Test
    void reportsUnknownConnectionsAndLeasesAndBadInput() {
        assertProblem(call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"nowhere\"}"), 404,
                ProblemTypes.NOT_FOUND.toString());
        assertProblem(call("POST", "/api/v1/leases", proxy(), "{}"), 400, ProblemTypes.INVALID_REQUEST.toString());
        assertProblem(call("POST", "/api/v1/leases", proxy(), "{\"connection\":\"../etc\"}"), 400,
                ProblemTypes.INVALID_REQUEST.toString());
        assertProblem(call("POST", "/api/v1/leases/" + UUID.randomUUID() + "/revoke", proxy(), null), 404,
                ProblemTypes.NOT_FOUND.toString());
        assertProblem(call("POST", "/api/v1/leases/not-a-uuid/renew", proxy(), null), 400,
                ProblemTypes.INVALID_REQUEST.toString());
    }

    @Test
    void answersATamperedRowWithAFixedProblemAndNoLease(CapturedOutput output) throws Exception {
        String secret = fakeSecret();
        putSecret("tampered", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");
        sql("UPDATE secrets SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE connection = 'tampered'");

        Response response = lease("tampered", null);

        assertProblem(response, 500, "https://gatehouse.dev/problems/secret-unreadable");
        assertThat(response.json().get("detail").asString()).isEqualTo("the stored secret could not be decrypted");
        assertThat(leaseCount("tampered")).isZero();
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void refusesASealedSecretCopiedOntoAnotherConnection() throws Exception {
        String source = fakeSecret();
        putSecret("source-conn", "{\"type\":\"BEARER\",\"secret\":\"" + source + "\"}");
        putSecret("target-conn", "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");
        sql("""
                UPDATE secrets t SET ciphertext = s.ciphertext, nonce = s.nonce, wrapped_key = s.wrapped_key,
                    key_nonce = s.key_nonce, key_id = s.key_id, format = s.format FROM secrets s
                WHERE t.connection = 'target-conn' AND s.connection = 'source-conn'
                """);

        Response response = lease("target-conn", null);

        assertProblem(response, 500, "https://gatehouse.dev/problems/secret-unreadable");
        assertThat(response.body()).doesNotContain(source);
    }

    @Test
    void refusesARowWhoseClearTextSettingsWereAltered() throws Exception {
        putSecret("header-conn", "{\"type\":\"HEADER\",\"header\":\"X-Api-Key\",\"secret\":\"" + fakeSecret() + "\"}");
        sql("UPDATE secrets SET settings = '{\"header\":\"X-Other\"}' WHERE connection = 'header-conn'");

        assertProblem(lease("header-conn", null), 500, "https://gatehouse.dev/problems/secret-unreadable");
    }

    private void assertLeaseRow(String leaseId, String connection, String issuedTo, Instant expiresAt) throws Exception {
        try (Connection db = jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT connection, issued_to, expires_at, state, session_id, caller_subject FROM leases WHERE lease_id = ?")) {
            query.setObject(1, UUID.fromString(leaseId));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("connection")).isEqualTo(connection);
                assertThat(row.getString("issued_to")).isEqualTo(issuedTo);
                assertThat(row.getString("state")).isEqualTo("ACTIVE");
                assertThat(row.getString("session_id")).isEqualTo("session-static-1");
                assertThat(row.getString("caller_subject")).isEqualTo("repo:acme/app");
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
