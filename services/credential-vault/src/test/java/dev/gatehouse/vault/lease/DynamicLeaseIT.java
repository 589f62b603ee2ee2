package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.vault.TargetPostgres;
import dev.gatehouse.vault.VaultApiIntegration;
import dev.gatehouse.vault.VaultHttp.Response;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.system.CapturedOutput;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import static dev.gatehouse.vault.TargetPostgres.login;
import static dev.gatehouse.vault.TargetPostgres.roleExists;
import static dev.gatehouse.vault.TargetPostgres.sqlState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Dynamic PostgreSQL roles against a real server, logged into with pgjdbc as an agent's client would. */
class DynamicLeaseIT extends VaultApiIntegration {

    @Test
    void theRoleLogsInAndReadsWhatTheTemplateGrantsAndNothingMore(CapturedOutput output) throws Exception {
        putSecret("dyn-read", TargetPostgres.dynamicSecret(TargetPostgres.READONLY, "\"connectionLimit\":2"));

        Credentials lease = dynamicLease("dyn-read", "session-read");

        assertThat(lease.role()).startsWith("gh_dyn_read_");
        try (Connection agent = login(lease.role(), lease.password()); Statement sql = agent.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT count(*) FROM orders")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(2);
            }
            assertThat(sqlState(() -> sql.executeQuery("SELECT * FROM salaries"))).isEqualTo("42501");
            assertThat(sqlState(() -> sql.execute("INSERT INTO orders VALUES (3, 'x')"))).isEqualTo("42501");
            assertThat(sqlState(() -> sql.execute("CREATE TABLE public.mine (id int)"))).isEqualTo("42501");
            assertThat(sqlState(() -> sql.execute("CREATE ROLE sneaky"))).isEqualTo("42501");
        }
        assertThat(sqlState(() -> login(lease.role(), "wrong-password").close())).isEqualTo("28P01");
        try (Connection db = TargetPostgres.superuser("postgres"); PreparedStatement query = db.prepareStatement(
                "SELECT rolsuper, rolcreaterole, rolcreatedb, rolconnlimit, rolvaliduntil, rolpassword LIKE 'SCRAM-SHA-256$%'"
                        + " FROM pg_authid WHERE rolname = ?")) {
            query.setString(1, lease.role());
            try (ResultSet role = query.executeQuery()) {
                assertThat(role.next()).isTrue();
                assertThat(role.getBoolean(1) || role.getBoolean(2) || role.getBoolean(3)).isFalse();
                assertThat(role.getInt(4)).isEqualTo(2);
                assertThat(role.getTimestamp(5).toInstant()).isCloseTo(lease.expiresAt(), within(Duration.ofSeconds(1)));
                assertThat(role.getBoolean(6)).as("stored as a SCRAM verifier").isTrue();
            }
        }
        assertThat(output.getAll()).doesNotContain(lease.password()).doesNotContain(TargetPostgres.ADMIN_PASSWORD);
    }

    @Test
    void revokeEndsOpenSessionsRefusesNewLoginsAndDropsTheRole() throws Exception {
        putSecret("dyn-revoke", TargetPostgres.dynamicSecret(TargetPostgres.READONLY, null));
        Credentials lease = dynamicLease("dyn-revoke", "session-revoke");
        try (Connection open = login(lease.role(), lease.password()); Statement sql = open.createStatement()) {
            sql.executeQuery("SELECT 1 FROM orders").close();

            Response revoked = call("POST", "/api/v1/leases/" + lease.leaseId() + "/revoke", proxy(), null);

            assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
            assertThat(revoked.json().get("state").asString()).isEqualTo("REVOKED");
            assertThat(sqlState(() -> sql.executeQuery("SELECT 1 FROM orders").close())).as("open session ended")
                    .isNotNull();
        }
        assertThat(roleExists(lease.role())).isFalse();
        assertThat(sqlState(() -> login(lease.role(), lease.password()).close())).isEqualTo("28P01");
        assertThat(call("POST", "/api/v1/leases/" + lease.leaseId() + "/revoke", proxy(), null).status())
                .as("revoking twice is harmless").isEqualTo(200);
        try (AuditTopic topic = new AuditTopic(KAFKA.bootstrapServers())) {
            JsonNode event = AuditTopic.json(topic.await(e -> e.path("kind").asString().equals("CREDENTIAL_REVOKED")
                    && e.path("leaseId").asString().equals(lease.leaseId())));
            assertThat(event.get("payload").asString()).contains(lease.role()).contains("revoked by gatehouse-edge-proxy");
        }
    }

    @Test
    void theSweeperEndsAnExpiredLeaseItsSessionsAndItsRole() throws Exception {
        putSecret("dyn-expire", TargetPostgres.dynamicSecret(TargetPostgres.READONLY,
                "\"defaultTtl\":\"2s\",\"maxTtl\":\"4s\""));
        Credentials lease = dynamicLease("dyn-expire", "session-expire");
        assertThat(lease.expiresAt()).isBefore(Instant.now().plusSeconds(3));
        try (Connection open = login(lease.role(), lease.password()); Statement sql = open.createStatement()) {
            sql.executeQuery("SELECT 1 FROM orders").close();

            await().atMost(Duration.ofSeconds(20)).until(() -> !roleExists(lease.role()));

            assertThat(sqlState(() -> sql.executeQuery("SELECT 1 FROM orders").close())).isNotNull();
        }
        Response status = call("GET", "/api/v1/leases/" + lease.leaseId(), admin(), null);
        assertThat(status.json().get("state").asString()).isEqualTo("REVOKED");
        assertThat(status.json().get("revokeReason").asString()).isEqualTo("expired");
    }

    @Test
    void renewalMovesValidUntilButNotPastTheMaximum() throws Exception {
        putSecret("dyn-renew", TargetPostgres.dynamicSecret(TargetPostgres.READONLY,
                "\"defaultTtl\":\"30s\",\"maxTtl\":\"40s\""));
        Credentials lease = dynamicLease("dyn-renew", "session-renew");
        Thread.sleep(1100); // so the renewed expiry is measurably later

        JsonNode renewed = call("POST", "/api/v1/leases/" + lease.leaseId() + "/renew", proxy(), null).json();

        Instant expiresAt = Instant.parse(renewed.get("expiresAt").asString());
        Instant renewableUntil = Instant.parse(renewed.get("renewableUntil").asString());
        assertThat(expiresAt).isAfter(lease.expiresAt()).isBeforeOrEqualTo(renewableUntil);
        assertThat(validUntil(lease.role())).isCloseTo(expiresAt, within(Duration.ofSeconds(1)));
        assertThat(renewed.toString()).doesNotContain(lease.password());
    }

    @Test
    void objectsTheRoleCreatedSurviveItsRevocationOwnedByTheConnectionsOwnerRole() throws Exception {
        putSecret("dyn-scratch", TargetPostgres.dynamicSecret(TargetPostgres.SCRATCH, null));
        Credentials lease = dynamicLease("dyn-scratch", "session-scratch");
        try (Connection agent = login(lease.role(), lease.password()); Statement sql = agent.createStatement()) {
            sql.execute("CREATE TABLE scratch.agent_notes_" + lease.role().substring(3) + " (note text)");
        }

        assertThat(call("POST", "/api/v1/leases/" + lease.leaseId() + "/revoke", admin(), null).status()).isEqualTo(200);

        assertThat(roleExists(lease.role())).isFalse();
        try (Connection db = TargetPostgres.superuser(TargetPostgres.DATABASE); PreparedStatement query =
                db.prepareStatement("SELECT tableowner FROM pg_tables WHERE schemaname = 'scratch' AND tablename = ?")) {
            query.setString(1, "agent_notes_" + lease.role().substring(3));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("gh_dyn_scratch_owner");
            }
        }
        assertThat(TargetPostgres.roleAttributes("gh_dyn_scratch_owner")).isEqualTo("nologin");
    }

    /**
     * The attack: with a superuser as the vault's admin login, an approved SECURITY DEFINER function of a
     * lease role used to be handed to that superuser on revocation, so calling it later ran as superuser.
     */
    @Test
    void aSecurityDefinerFunctionNeverBecomesTheSuperusersWhenItsRoleIsDropped() throws Exception {
        putSecret("dyn-super", TargetPostgres.superuserDynamicSecret(TargetPostgres.SCRATCH));
        Credentials lease = dynamicLease("dyn-super", "session-super");
        String function = "scratch.whoami_" + lease.role().substring(3);
        try (Connection agent = login(lease.role(), lease.password()); Statement sql = agent.createStatement()) {
            sql.execute("CREATE FUNCTION " + function + "() RETURNS boolean LANGUAGE sql SECURITY DEFINER "
                    + "AS $$ SELECT rolsuper FROM pg_roles WHERE rolname = current_user $$");
            sql.execute("GRANT EXECUTE ON FUNCTION " + function + "() TO PUBLIC");
        }

        assertThat(call("POST", "/api/v1/leases/" + lease.leaseId() + "/revoke", admin(), null).status()).isEqualTo(200);

        assertThat(roleExists(lease.role())).isFalse();
        Credentials next = dynamicLease("dyn-super", "session-super-2");
        try (Connection agent = login(next.role(), next.password()); Statement sql = agent.createStatement();
             ResultSet row = sql.executeQuery("SELECT " + function + "(), (SELECT pg_get_userbyid(proowner) FROM "
                     + "pg_proc WHERE oid = '" + function + "'::regproc)")) {
            row.next();
            assertThat(row.getBoolean(1)).as("the function runs as a superuser").isFalse();
            assertThat(row.getString(2)).isEqualTo("gh_dyn_super_owner");
        }
        assertThat(TargetPostgres.roleAttributes("gh_dyn_super_owner")).isEqualTo("nologin");
    }

    @Test
    void aPrivilegedObjectOwnerIsRefusedAndTheRoleKeptOutOfReach() throws Exception {
        try (Connection db = TargetPostgres.superuser("postgres"); Statement sql = db.createStatement()) {
            sql.execute("DROP ROLE IF EXISTS vault_it_bypass_owner");
            sql.execute("CREATE ROLE vault_it_bypass_owner NOLOGIN BYPASSRLS");
        }
        putSecret("dyn-bad-owner", TargetPostgres.superuserDynamicSecret(TargetPostgres.SCRATCH)
                .replace("}", ",\"objectOwner\":\"vault_it_bypass_owner\"}"));
        Credentials lease = dynamicLease("dyn-bad-owner", "session-bad-owner");
        try (Connection agent = login(lease.role(), lease.password()); Statement sql = agent.createStatement()) {
            sql.execute("CREATE TABLE scratch.kept_" + lease.role().substring(3) + " (note text)");
        }

        call("POST", "/api/v1/leases/" + lease.leaseId() + "/revoke", admin(), null);

        try (Connection db = TargetPostgres.superuser(TargetPostgres.DATABASE); PreparedStatement query =
                db.prepareStatement("SELECT tableowner FROM pg_tables WHERE schemaname = 'scratch' AND tablename = ?")) {
            query.setString(1, "kept_" + lease.role().substring(3));
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("never handed to a BYPASSRLS role").isEqualTo(lease.role());
            }
        }
        assertThatThrownBy(() -> login(lease.role(), lease.password()).close()).isInstanceOf(SQLException.class);
    }

    @Test
    void eachSessionGetsItsOwnRoleAndTheTrailTiesTheRoleToTheSession() {
        putSecret("dyn-audit", TargetPostgres.dynamicSecret(TargetPostgres.READONLY, null));

        Credentials first = dynamicLease("dyn-audit", "session-a");
        Credentials second = dynamicLease("dyn-audit", "session-b");

        assertThat(first.role()).isNotEqualTo(second.role());
        try (AuditTopic topic = new AuditTopic(KAFKA.bootstrapServers())) {
            var record = topic.await(e -> e.path("kind").asString().equals("CREDENTIAL_ISSUED")
                    && e.path("leaseId").asString().equals(first.leaseId()));
            JsonNode event = AuditTopic.json(record);
            JsonNode payload = tools.jackson.databind.json.JsonMapper.builder().build()
                    .readTree(event.get("payload").asString());
            assertThat(record.key()).isEqualTo("session-a");
            assertThat(event.get("sessionId").asString()).isEqualTo("session-a");
            assertThat(event.get("connection").asString()).isEqualTo("dyn-audit");
            assertThat(event.get("protocol").asString()).isEqualTo("POSTGRES");
            assertThat(event.get("identity").get("claims").get("run_id").asString()).isEqualTo("4711");
            assertThat(payload.get("role").asString()).isEqualTo(first.role());
            assertThat(payload.get("sessionId").asString()).isEqualTo("session-a");
            assertThat(Instant.parse(payload.get("expiresAt").asString())).isEqualTo(first.expiresAt());
            assertThat(topic.everything()).doesNotContain(first.password()).doesNotContain(second.password())
                    .doesNotContain(TargetPostgres.ADMIN_PASSWORD);
        }
    }

    @Test
    void deletingTheSecretRevokesItsLiveRolesFirst() throws Exception {
        putSecret("dyn-delete", TargetPostgres.dynamicSecret(TargetPostgres.READONLY, null));
        Credentials lease = dynamicLease("dyn-delete", "session-delete");

        assertThat(call("DELETE", "/api/v1/secrets/dyn-delete", admin(), null).status()).isEqualTo(204);

        assertThat(roleExists(lease.role())).isFalse();
    }

    @Test
    void anUnreachableTargetIs503WithoutACredentialOrALiveLease() throws Exception {
        putSecret("dyn-down", TargetPostgres.dynamicSecret(TargetPostgres.READONLY, null)
                .replace("\"port\":" + dev.gatehouse.testkit.PostgresFixture.shared().port(), "\"port\":1"));

        Response response = lease("dyn-down", "session-down");

        assertProblem(response, 503, ProblemTypes.UNAVAILABLE.toString());
        assertThat(response.body()).doesNotContain("gh_").doesNotContain(TargetPostgres.ADMIN_PASSWORD);
        try (Connection db = jdbc(); Statement sql = db.createStatement();
             ResultSet row = sql.executeQuery("SELECT state FROM leases WHERE connection = 'dyn-down'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("FAILED");
        }
        assertThat(call("DELETE", "/api/v1/secrets/dyn-down", admin(), null).status()).isEqualTo(204);
    }

    private Credentials dynamicLease(String connection, String session) {
        Response response = lease(connection, session);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode lease = response.json();
        assertThat(lease.get("dynamic").asBoolean()).isTrue();
        assertThat(lease.get("credential").get("type").asString()).isEqualTo("PASSWORD");
        return new Credentials(lease.get("leaseId").asString(), lease.get("credential").get("username").asString(),
                lease.get("credential").get("secret").asString(), Instant.parse(lease.get("expiresAt").asString()));
    }

    private static Instant validUntil(String role) throws SQLException {
        try (Connection db = TargetPostgres.superuser("postgres"); PreparedStatement query = db.prepareStatement(
                "SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getTimestamp(1).toInstant();
            }
        }
    }

    private record Credentials(String leaseId, String role, String password, Instant expiresAt) {
    }
}
