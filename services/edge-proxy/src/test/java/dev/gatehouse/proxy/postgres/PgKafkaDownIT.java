package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.EdgeProxyApplication;
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
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A broker of its own, stopped mid-session: a statement whose REQUEST event is not acknowledged never runs. */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.audit.ack-timeout=3s",
                "gatehouse.proxy.policy.cache.enabled=false", "gatehouse.proxy.postgres.port=0"})
@DirtiesContext
class PgKafkaDownIT {

    private static final OidcIssuer OIDC = OidcIssuer.shared();
    private static final KafkaFixture KAFKA = KafkaFixture.dedicated();
    private static final PostgresFixture POSTGRES = PostgresFixture.shared();
    private static final StubHttpServer VAULT = new StubHttpServer();
    private static final PgListenerTest.PolicyStub POLICY = new PgListenerTest.PolicyStub();
    private static final String DATABASE = "pg_kafka_down_it";

    private static java.nio.file.Path SPOOL;

    @Autowired
    PostgresListener listener;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        POSTGRES.createDatabase(DATABASE);
        String upstream = "postgresql://" + POSTGRES.host() + ":" + POSTGRES.port() + "/" + DATABASE;
        POLICY.declare("kd", upstream);
        POLICY.decide(request -> "{\"verdict\":\"ALLOW\",\"ruleId\":\"r\",\"target\":{\"name\":\"kd\",\"protocol\":"
                + "\"POSTGRES\",\"upstream\":\"" + upstream + "\"}}");
        VAULT.respond(200, "{\"leaseId\":\"l\",\"connection\":\"kd\",\"credential\":{\"type\":\"PASSWORD\",\"username\":\""
                + POSTGRES.username() + "\",\"secret\":\"" + POSTGRES.password() + "\"},\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\"}");
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        SPOOL = Files.createTempDirectory("pg-kafka-down-spool");
        registry.add("gatehouse.proxy.audit.spool-dir", () -> SPOOL.toString());
    }

    @AfterAll
    static void stop() {
        VAULT.close();
        KAFKA.close();
    }

    @Test
    void aWriteIsNotSentWhenItsAuditEventIsNotAcknowledged() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS audited (id int)");

            KAFKA.close();

            assertThatThrownBy(() -> statement.execute("INSERT INTO audited VALUES (1)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("57P03");
                        assertThat(e.getMessage()).contains("audit trail did not acknowledge");
                    });
        }
        try (Connection direct = DriverManager.getConnection(POSTGRES.jdbcUrl(DATABASE), POSTGRES.username(),
                POSTGRES.password()); ResultSet rows = direct.createStatement().executeQuery("SELECT count(*) FROM audited")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the insert never reached the database").isZero();
        }
        // The trail may hold the INSERT's REQUEST (a timeout is not a "no"): that step is recorded as not run,
        // on disk until Kafka is back (docs/architecture.md §4.2).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(SPOOL.resolve("pending.jsonl")).exists().content()
                        .contains("\"kind\":\"DECISION\"").contains("INSERT INTO audited").contains("\"status\":503"));
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", OIDC.ciToken("agent", Map.of()));
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + listener.port() + "/kd", properties);
    }
}
