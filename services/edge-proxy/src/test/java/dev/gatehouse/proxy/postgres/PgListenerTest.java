package dev.gatehouse.proxy.postgres;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Boots the real proxy with its PostgreSQL listener against the real OIDC issuer, Kafka and an embedded
 * PostgreSQL as the target; policy-service is a stub that decides by the statement text, the vault a
 * stub handing out the database login.
 */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.policy.cache.enabled=false",
                "gatehouse.proxy.postgres.port=0"})
abstract class PgListenerTest {

    static final OidcIssuer OIDC = OidcIssuer.shared();
    static final KafkaFixture KAFKA = KafkaFixture.shared();
    static final PostgresFixture POSTGRES = PostgresFixture.shared();
    static final StubHttpServer VAULT = new StubHttpServer();
    static final String DATABASE = "pg_listener_it";
    static final String CONNECTION = "pgdemo";
    static final PolicyStub POLICY = new PolicyStub();

    static {
        POSTGRES.createDatabase(DATABASE); // once per JVM, before any test class's own set-up needs it
    }

    @Autowired
    PostgresListener listener;

    @DynamicPropertySource
    static void proxyProperties(DynamicPropertyRegistry registry) {
        registry.add("gatehouse.proxy.trust.issuers[0].issuer", () -> OIDC.issuerUrl(OidcIssuer.CI));
        registry.add("gatehouse.proxy.trust.issuers[0].audience", () -> OidcIssuer.AGENT_AUDIENCE);
        registry.add("gatehouse.proxy.policy.url", POLICY::url);
        registry.add("gatehouse.proxy.vault.url", VAULT::url);
        registry.add("spring.security.oauth2.client.provider.gatehouse.token-uri",
                () -> OIDC.tokenEndpoint(OidcIssuer.INTERNAL));
        registry.add("spring.kafka.bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("gatehouse.proxy.audit.spool-dir", () -> {
            try {
                return Files.createTempDirectory("pg-spool").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @BeforeEach
    void resetStubs() {
        POLICY.decide(PgListenerTest::defaultDecision);
        VAULT.respond(200, lease(POSTGRES.username(), POSTGRES.password()));
    }

    static String upstream() {
        return "postgresql://" + POSTGRES.host() + ":" + POSTGRES.port() + "/" + DATABASE;
    }

    /** DROP TABLE is denied; everything else allowed, with users.api_key masked and secrets detected. */
    static String defaultDecision(String request) {
        if (request.toUpperCase().contains("DROP TABLE") && !request.toUpperCase().contains("IF EXISTS")) {
            return deny("no-drops");
        }
        return allow("rule-sql", "{\"columns\":[\"api_key\"],\"detectors\":[\"secrets\"]}");
    }

    static String allow(String ruleId, String masking) {
        return "{\"verdict\":\"ALLOW\",\"ruleId\":\"" + ruleId + "\",\"audit\":\"WRITE_AHEAD\",\"target\":{\"name\":\""
                + CONNECTION + "\",\"protocol\":\"POSTGRES\",\"upstream\":\"" + upstream() + "\"}"
                + (masking == null ? "" : ",\"masking\":" + masking) + "}";
    }

    static String deny(String ruleId) {
        return "{\"verdict\":\"DENY\",\"ruleId\":\"" + ruleId + "\",\"reason\":\"test\"}";
    }

    static String lease(String username, String password) {
        return "{\"leaseId\":\"lease-pg-1\",\"connection\":\"" + CONNECTION + "\",\"credential\":{\"type\":\"PASSWORD\","
                + "\"username\":\"" + username + "\",\"secret\":\"" + password + "\"},\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\",\"dynamic\":true}";
    }

    static String agentToken() {
        return OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", 4711));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + listener.port() + "/" + CONNECTION;
    }

    Connection connect(String token) throws SQLException {
        return connect(token, new Properties());
    }

    /** Connects with extra pgjdbc properties ({@code prepareThreshold}, ...). */
    Connection connect(String token, Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(extra);
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", token);
        properties.setProperty("sslmode", "require");
        properties.setProperty("sslfactory", "org.postgresql.ssl.NonValidatingFactory");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** A direct connection to the target database, bypassing the proxy. */
    static Connection direct() throws SQLException {
        return DriverManager.getConnection(POSTGRES.jdbcUrl(DATABASE), POSTGRES.username(), POSTGRES.password());
    }

    /**
     * policy-service: the decisions endpoint answers with a function of the request body, the connection
     * lookup knows the test connection and those {@link #declare declared}.
     */
    static final class PolicyStub {

        private final HttpServer server;
        private volatile Function<String, String> decide = PgListenerTest::defaultDecision;
        private volatile int status = 200;
        private final Map<String, String> declared = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();

        PolicyStub() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/v1/connections/", exchange -> {
                // The active policy's one PostgreSQL connection; any other name is unknown.
                String name = exchange.getRequestURI().getPath().substring("/api/v1/connections/".length());
                String upstream = name.equals(CONNECTION) ? upstream() : declared.get(name);
                answer(exchange, status != 200 ? status : upstream != null ? 200 : 404, upstream != null
                        ? "{\"name\":\"" + name + "\",\"type\":\"POSTGRES\",\"upstream\":\"" + upstream + "\"}"
                        : "{}");
            });
            server.createContext("/", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                calls.incrementAndGet();
                answer(exchange, status, status == 200 ? decide.apply(body) : "{}");
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
                throws IOException {
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        }

        /** Another PostgreSQL connection of the active policy, besides the test connection. */
        void declare(String connection, String upstream) {
            declared.put(connection, upstream);
        }

        void decide(Function<String, String> function) {
            this.decide = function;
            this.status = 200;
        }

        void fail(int httpStatus) {
            this.status = httpStatus;
        }
    }
}
