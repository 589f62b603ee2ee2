package dev.gatehouse.proxy.postgres;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The attack: one valid CI token opens session after session, each minting a database role and a backend
 * on the target. The listener admits a bounded number per caller identity and per connection, refuses the
 * rest with 53300 before the vault is asked for anything, and gives places back when sessions end.
 */
@TestPropertySource(properties = {"gatehouse.proxy.postgres.limits.sessions-per-identity=2",
        "gatehouse.proxy.postgres.limits.sessions-per-connection=3"})
class SessionLimitsIT extends PgListenerTest {

    @Test
    void oneTokenCannotOpenMoreSessionsThanItsLimitAndNoRoleIsMintedForTheRefusedOne() throws Exception {
        String token = agentToken();
        try (Connection first = connect(token); Connection second = connect(token)) {
            int leases = VAULT.count();

            assertThatThrownBy(() -> connect(token).close()).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("53300");
                assertThat(e.getMessage()).contains("too many concurrent Gatehouse sessions for this caller (limit 2)")
                        .doesNotContain(token);
            });
            assertThat(VAULT.count()).as("no lease asked for the refused session").isEqualTo(leases);
            assertThat(running(first)).isEqualTo(1);
            assertThat(running(second)).isEqualTo(1);
        }
    }

    @Test
    void aClosedSessionGivesItsPlaceBack() throws Exception {
        String token = agentToken();
        for (int round = 0; round < 3; round++) {
            try (Connection first = connect(token); Connection second = connect(token)) {
                assertThat(running(first) + running(second)).isEqualTo(2);
            }
        }
        try (Connection again = connect(token)) {
            assertThat(running(again)).isEqualTo(1);
        }
    }

    @Test
    void theConnectionsLimitHoldsAcrossCallers() throws Exception {
        String alice = token("repo:acme/app:ref:refs/heads/alice");
        String bob = token("repo:acme/app:ref:refs/heads/bob");
        String carol = token("repo:acme/app:ref:refs/heads/carol");
        try (Connection a1 = connect(alice); Connection a2 = connect(alice); Connection b1 = connect(bob)) {
            assertThatThrownBy(() -> connect(carol).close()).isInstanceOfSatisfying(SQLException.class, e -> {
                assertThat(e.getSQLState()).isEqualTo("53300");
                assertThat(e.getMessage()).contains("on connection \"" + CONNECTION + "\" (limit 3)");
            });
            assertThat(running(a1) + running(a2) + running(b1)).isEqualTo(3);
        }
        try (Connection c1 = connect(carol)) {
            assertThat(running(c1)).isEqualTo(1);
        }
    }

    private static String token(String subject) {
        return OIDC.ciToken(subject, Map.of("repository", "acme/app"));
    }

    private static int running(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement(); var row = sql.executeQuery("SELECT 1")) {
            row.next();
            return row.getInt(1);
        }
    }
}
