package dev.gatehouse.proxy.postgres;

import dev.gatehouse.model.Approval;
import dev.gatehouse.model.ApprovalStatus;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.proxy.approval.FakeApprovalService;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A statement approved while held runs, and spends its one-time approval, only once its REQUEST event is
 * acknowledged: with the broker gone the statement fails with 57P03 and the approval stays usable.
 */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.audit.ack-timeout=3s",
                "gatehouse.proxy.audit.decision-ack-timeout=1s", "gatehouse.proxy.policy.cache.enabled=false",
                "gatehouse.proxy.postgres.port=0", "gatehouse.proxy.approval.recheck-interval=300ms"})
@DirtiesContext
class PgApprovalKafkaDownIT {

    private static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final KafkaFixture KAFKA = KafkaFixture.dedicated();
    private static final PostgresFixture POSTGRES = PostgresFixture.shared();
    private static final StubHttpServer VAULT = new StubHttpServer();
    private static final FakeApprovalService APPROVALS = new FakeApprovalService();
    private static final PgListenerTest.PolicyStub POLICY = new PgListenerTest.PolicyStub();
    private static final String DATABASE = "pg_approval_kafka_down_it";

    @Autowired
    PostgresListener listener;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        POSTGRES.createDatabase(DATABASE);
        String upstream = "postgresql://" + POSTGRES.host() + ":" + POSTGRES.port() + "/" + DATABASE;
        POLICY.declare("akd", upstream);
        String target = "\"target\":{\"name\":\"akd\",\"protocol\":\"POSTGRES\",\"upstream\":\"" + upstream + "\"}";
        POLICY.decide(request -> request.contains("INSERT")
                ? "{\"verdict\":\"REVIEW\",\"ruleId\":\"needs-review\"," + target
                + ",\"review\":{\"reviewers\":\"gatehouse-reviewer\",\"approvals\":1,\"expiry\":\"PT10M\"}}"
                : "{\"verdict\":\"ALLOW\",\"ruleId\":\"r\"," + target + "}");
        VAULT.respond(200, "{\"leaseId\":\"l\",\"connection\":\"akd\",\"credential\":{\"type\":\"PASSWORD\",\"username\":\""
                + POSTGRES.username() + "\",\"secret\":\"" + POSTGRES.password() + "\"},\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}");
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("gatehouse.proxy.approval.url", APPROVALS::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        String spool = Files.createTempDirectory("pg-approval-kafka-down-spool").toString();
        registry.add("gatehouse.proxy.audit.spool-dir", () -> spool);
    }

    @AfterAll
    static void stop() {
        VAULT.close();
        APPROVALS.close();
        KAFKA.close();
    }

    @Test
    void anApprovedStatementDoesNotSpendItsApprovalWhenItsRequestEventIsNotAcknowledged() throws Exception {
        try (Connection direct = direct()) {
            direct.createStatement().execute("CREATE TABLE IF NOT EXISTS approved_rows (id int)");
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            KAFKA.close();
            CompletableFuture<SQLException> run = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.execute("INSERT INTO approved_rows VALUES (1)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            await().atMost(Duration.ofSeconds(15)).until(() -> !APPROVALS.approvals().isEmpty());
            Approval approval = APPROVALS.approvals().getFirst();
            APPROVALS.decide(approval.id(), ApprovalStatus.APPROVED, "alice", "go");

            SQLException e = run.get();
            assertThat((Object) e).as("the statement is refused").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("57P03");
            assertThat(e.getMessage()).contains("audit trail did not acknowledge");
            assertThat(APPROVALS.approval(approval.id()).status()).as("the one-time approval is still usable")
                    .isEqualTo(ApprovalStatus.APPROVED);
        }
        try (Connection direct = direct(); ResultSet rows = direct.createStatement()
                .executeQuery("SELECT count(*) FROM approved_rows")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the insert never reached the database").isZero();
        }
    }

    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(POSTGRES.jdbcUrl(DATABASE), POSTGRES.username(), POSTGRES.password());
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", OIDC.ciToken("agent", Map.of()));
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + listener.port() + "/akd", properties);
    }
}
