package dev.gatehouse.local;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * The five services of one test class on random ports beside the JVM's shared PostgreSQL, Kafka and
 * issuer, with the demo (policy, echo target, demo database, vault secrets) seeded as run.sh does.
 */
abstract class DemoSuiteTest {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final JsonMapper JSON = JsonMapper.builder().build();

    static OidcIssuer oidc;
    static EchoTarget echo;
    static Suite suite;

    @BeforeAll
    static void startSuite() {
        oidc = OidcIssuer.shared();
        echo = EchoTarget.start(0);
        suite = Suite.start(new Infrastructure(PostgresFixture.shared(), KafkaFixture.shared(), oidc, echo),
                Suite.Ports.RANDOM);
        DemoSetup.seed(suite);
    }

    @AfterAll
    static void stopSuite() {
        if (suite != null) {
            suite.close();
        }
        if (echo != null) {
            echo.close();
        }
    }
}
