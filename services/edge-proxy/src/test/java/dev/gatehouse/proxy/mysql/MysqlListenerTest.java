package dev.gatehouse.proxy.mysql;

import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.mysqlsql.MyToken;
import dev.gatehouse.mysqlsql.MySqlLexer;
import dev.gatehouse.proxy.EdgeProxyApplication;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.MariaDbFixture;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Boots the real proxy with its MySQL listener against the real OIDC issuer, Kafka and a real MariaDB
 * server (a child process); policy-service is a stub that reads each statement with the MySQL lexer
 * (any lexical error, DROP or TRUNCATE is denied: what a policy denying DDL does with the real
 * classifier), the vault a stub handing out the database login.
 */
@SpringBootTest(classes = EdgeProxyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=edge-proxy", "gatehouse.proxy.policy.cache.enabled=false",
                "gatehouse.proxy.postgres.enabled=false", "gatehouse.proxy.mysql.enabled=true",
                "gatehouse.proxy.mysql.port=0", "gatehouse.proxy.mysql.tls.self-signed=true",
                "logging.level.dev.gatehouse.proxy.mysql=DEBUG"})
abstract class MysqlListenerTest {

    static final OidcIssuer OIDC = OidcIssuer.shared();
    static final KafkaFixture KAFKA = KafkaFixture.shared();
    static final MariaDbFixture MARIADB = MariaDbFixture.shared();
    static final StubHttpServer VAULT = new StubHttpServer();
    static final String DATABASE = "my_listener_it";
    static final String CONNECTION = "mydemo";
    static final String DB_USER = "gh_app";
    static final String DB_PASSWORD = "app-pw-" + Long.toHexString(System.nanoTime());
    static final PolicyStub POLICY = new PolicyStub();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static {
        MARIADB.createDatabase(DATABASE);
        MARIADB.sql("CREATE OR REPLACE USER " + DB_USER + "@'%' IDENTIFIED BY '" + DB_PASSWORD + "'; "
                + "GRANT ALL ON " + DATABASE + ".* TO " + DB_USER + "@'%'");
    }

    @Autowired
    MysqlListener listener;

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
                return Files.createTempDirectory("my-spool").toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @BeforeEach
    void resetStubs() {
        POLICY.decide(MysqlListenerTest::defaultDecision);
        VAULT.respond(200, lease(DB_USER, DB_PASSWORD));
    }

    static String upstream() {
        return "mysql://" + MARIADB.host() + ":" + MARIADB.port() + "/" + DATABASE;
    }

    /** Denies what a DDL-denying policy denies: any lexical error, DROP, TRUNCATE; masks users.api_key. */
    static String defaultDecision(String statement) {
        List<MyToken> tokens = MySqlLexer.tokenize(statement).tokens();
        for (MyToken token : tokens) {
            if (token.type() == MyToken.Type.ERROR) {
                return deny("unparsed");
            }
            if (token.isWord("drop") || token.isWord("truncate")) {
                return deny("no-drops");
            }
        }
        return allow("rule-sql", "{\"columns\":[\"api_key\"],\"detectors\":[\"secrets\"]}");
    }

    static String allow(String ruleId, String masking) {
        return "{\"verdict\":\"ALLOW\",\"ruleId\":\"" + ruleId + "\",\"audit\":\"WRITE_AHEAD\",\"target\":{\"name\":\""
                + CONNECTION + "\",\"protocol\":\"MYSQL\",\"upstream\":\"" + upstream() + "\"}"
                + (masking == null ? "" : ",\"masking\":" + masking) + "}";
    }

    static String deny(String ruleId) {
        return "{\"verdict\":\"DENY\",\"ruleId\":\"" + ruleId + "\",\"reason\":\"test\"}";
    }

    static String lease(String username, String password) {
        return "{\"leaseId\":\"lease-my-1\",\"connection\":\"" + CONNECTION + "\",\"credential\":{\"type\":\"PASSWORD\","
                + "\"username\":\"" + username + "\",\"secret\":\"" + password + "\"},\"expiresAt\":\""
                + Instant.now().plusSeconds(3600) + "\",\"dynamic\":false}";
    }

    static String agentToken() {
        return OIDC.ciToken("repo:acme/app:ref:refs/heads/main",
                Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", 4711));
    }

    String jdbcUrl(String options) {
        return "jdbc:mariadb://127.0.0.1:" + listener.port() + "/" + CONNECTION + "?" + options;
    }

    /** MariaDB Connector/J through the proxy: TLS without verifying the self-signed certificate. */
    Connection connect(String token) throws SQLException {
        return connect(token, "sslMode=trust&allowMultiQueries=true");
    }

    Connection connect(String token, String options) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "ci-agent");
        properties.setProperty("password", token);
        properties.setProperty("connectTimeout", "30000");
        properties.setProperty("socketTimeout", "60000");
        return DriverManager.getConnection(jdbcUrl(options), properties);
    }

    /** A direct connection to the target database, bypassing the proxy. */
    static Connection direct() throws SQLException {
        return DriverManager.getConnection(MARIADB.jdbcUrl(DATABASE), DB_USER, DB_PASSWORD);
    }

    /** policy-service: decisions by a function of the statement; the connection lookup knows the test connection. */
    static final class PolicyStub {

        private final HttpServer server;
        private volatile Function<String, String> decide = MysqlListenerTest::defaultDecision;
        final List<String> statements = new CopyOnWriteArrayList<>();

        PolicyStub() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/api/v1/connections/", exchange -> {
                String name = exchange.getRequestURI().getPath().substring("/api/v1/connections/".length());
                boolean known = name.equals(CONNECTION);
                answer(exchange, known ? 200 : 404, known
                        ? "{\"name\":\"" + name + "\",\"type\":\"MYSQL\",\"upstream\":\"" + upstream() + "\"}" : "{}");
            });
            server.createContext("/", exchange -> {
                JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
                String statement = request.path("operation").path("statement").asString();
                statements.add(statement);
                answer(exchange, 200, decide.apply(statement));
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

        void decide(Function<String, String> function) {
            this.decide = function;
        }
    }
}
