package dev.gatehouse.vault.secret;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.vault.TargetPostgres;
import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.VaultHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class SecretApiIT extends VaultApiIntegration {

    @Test
    void storesEveryTypeEncryptedAndNeverShowsTheValue(CapturedOutput output) throws Exception {
        String bearer = fakeSecret();
        String basic = fakeSecret();
        String header = fakeSecret();
        String pg = fakeSecret();

        putSecret("orders-api", "{\"type\":\"BEARER\",\"secret\":\"" + bearer + "\"}");
        putSecret("billing-api", "{\"type\":\"BASIC\",\"username\":\"billing_app\",\"secret\":\"" + basic + "\"}");
        putSecret("gitlab", "{\"type\":\"HEADER\",\"header\":\"PRIVATE-TOKEN\",\"secret\":\"" + header + "\"}");
        putSecret("reports-db", "{\"type\":\"POSTGRES_PASSWORD\",\"username\":\"reports\",\"secret\":\"" + pg + "\"}");
        putSecret("orders-db", TargetPostgres.dynamicSecret(TargetPostgres.READONLY,
                "\"connectionLimit\":2,\"defaultTtl\":\"10m\",\"maxTtl\":\"30m\""));
        Response list = call("GET", "/api/v1/secrets", admin(), null);
        Response one = call("GET", "/api/v1/secrets/orders-db", admin(), null);

        assertThat(list.status()).isEqualTo(200);
        String everything = list.body() + one.body();
        for (String value : new String[] {bearer, basic, header, pg, TargetPostgres.ADMIN_PASSWORD}) {
            assertThat(everything).doesNotContain(value);
            assertThat(output.getAll()).doesNotContain(value);
        }
        assertThat(list.body()).contains("\"keyId\":\"kek-2\"").contains("\"header\":\"PRIVATE-TOKEN\"")
                .doesNotContain("\"secret\"");
        JsonNode dynamic = one.json();
        assertThat(dynamic.get("type").asString()).isEqualTo("POSTGRES_DYNAMIC");
        assertThat(dynamic.get("username").asString()).isEqualTo(TargetPostgres.ADMIN);
        assertThat(dynamic.get("settings").get("grantedRoles").get(0).asString()).isEqualTo(TargetPostgres.READONLY);
        assertThat(dynamic.get("settings").get("defaultTtl").asString()).isEqualTo("PT10M");
        assertThat(storedRow("orders-api")).doesNotContain(hex(bearer));
        assertThat(storedRow("orders-db")).doesNotContain(hex(TargetPostgres.ADMIN_PASSWORD));
    }

    @Test
    void everyChangeIsAuditedWithoutTheValue() {
        String secret = fakeSecret();

        putSecret("audited-api", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");
        putSecret("audited-api", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}");
        call("DELETE", "/api/v1/secrets/audited-api", admin(), null);

        try (AuditTopic topic = new AuditTopic(KAFKA.bootstrapServers())) {
            for (String action : new String[] {"created", "replaced", "deleted"}) {
                JsonNode event = AuditTopic.json(topic.await(e -> e.path("kind").asString().equals("SECRET_CHANGED")
                        && e.path("connection").asString().equals("audited-api")
                        && e.path("payload").asString().contains("\"" + action + "\"")));
                assertThat(event.get("identity").get("subject").asString()).isEqualTo("alice");
                assertThat(event.get("sessionId").asString()).isEqualTo("vault");
            }
            assertThat(topic.everything()).doesNotContain(secret);
        }
    }

    @Test
    void deletesASecretAndThenReportsItMissing() {
        putSecret("short-lived", "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}");

        Response deleted = call("DELETE", "/api/v1/secrets/short-lived", admin(), null);
        Response again = call("DELETE", "/api/v1/secrets/short-lived", admin(), null);

        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(again, 404, ProblemTypes.NOT_FOUND.toString());
        assertProblem(call("GET", "/api/v1/secrets/short-lived", admin(), null), 404, ProblemTypes.NOT_FOUND.toString());
    }

    @Test
    void rejectsInvalidBodiesNamingTheField(CapturedOutput output) {
        String secret = fakeSecret();

        assertInvalid("x", "{\"secret\":\"" + secret + "\"}", "type");
        assertInvalid("x", "{\"type\":\"TOKEN\",\"secret\":\"" + secret + "\"}", "type");
        assertInvalid("x", "{\"type\":\"BASIC\",\"secret\":\"" + secret + "\"}", "username");
        assertInvalid("x", "{\"type\":\"BEARER\",\"secret\":\"\"}", "secret");
        assertInvalid("bad%20name", "{\"type\":\"BEARER\",\"secret\":\"" + secret + "\"}", "connection");
        assertInvalid("x", "{\"type\":\"HEADER\",\"header\":\"Host\",\"secret\":\"" + secret + "\"}", "header");
        assertInvalid("x", "{\"type\":\"POSTGRES_DYNAMIC\",\"username\":\"a\",\"secret\":\"" + secret
                + "\",\"host\":\"db\",\"database\":\"d\",\"grantedRoles\":[\"x\\\"; DROP ROLE y; --\"]}", "grantedRoles");
        assertInvalid("x", "{\"type\":\"POSTGRES_DYNAMIC\",\"username\":\"a\",\"secret\":\"" + secret
                + "\",\"database\":\"d\"}", "host");
        Response malformed = call("PUT", "/api/v1/secrets/x", admin(), "{\"type\":\"BEARER\",\"secret\":" + secret + "}");
        assertProblem(malformed, 400, ProblemTypes.INVALID_REQUEST.toString());
        assertThat(malformed.body()).doesNotContain(secret);
        assertThat(output.getAll()).doesNotContain(secret);
    }

    @Test
    void refusesCallersWithoutTheAdminRole() {
        String body = "{\"type\":\"BEARER\",\"secret\":\"" + fakeSecret() + "\"}";

        assertProblem(call("PUT", "/api/v1/secrets/orders-api", null, body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("PUT", "/api/v1/secrets/orders-api", agent(), body), 401, ProblemTypes.UNAUTHORIZED.toString());
        assertProblem(call("PUT", "/api/v1/secrets/orders-api", proxy(), body), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("GET", "/api/v1/secrets", reviewer(), null), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("GET", "/api/v1/secrets/orders-api", proxy(), null), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("DELETE", "/api/v1/secrets/orders-api", proxy(), null), 403, ProblemTypes.FORBIDDEN.toString());
        assertProblem(call("GET", "/api/v1/secrets", agent(), null), 401, ProblemTypes.UNAUTHORIZED.toString());
    }

    private void assertInvalid(String connection, String body, String field) {
        Response response = call("PUT", "/api/v1/secrets/" + connection, admin(), body);
        assertProblem(response, 400, ProblemTypes.INVALID_REQUEST.toString());
        assertThat(response.json().get("detail").asString()).as(body).contains(field);
    }

    /** Every stored byte of the row, as hex, read with plain JDBC. */
    private String storedRow(String connection) throws Exception {
        try (Connection db = jdbc(); PreparedStatement query = db.prepareStatement(
                "SELECT ciphertext, nonce, wrapped_key, key_nonce, username, type, key_id, settings FROM secrets "
                        + "WHERE connection = ?")) {
            query.setString(1, connection);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                StringBuilder all = new StringBuilder();
                for (int column = 1; column <= 4; column++) {
                    all.append(HexFormat.of().formatHex(row.getBytes(column))).append('|');
                }
                for (int column = 5; column <= 8; column++) {
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
