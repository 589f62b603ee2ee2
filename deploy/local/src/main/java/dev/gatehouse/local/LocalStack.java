package dev.gatehouse.local;

import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.LocalInfra;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code deploy/local/run.sh}: the whole suite on one machine with nothing pre-installed, on the
 * ports of docs/architecture.md §7. Infrastructure is embedded (real PostgreSQL binaries, a real KRaft broker,
 * a local OIDC issuer); data lives only as long as the process. Ctrl-C stops everything.
 */
public final class LocalStack {

    static final int OIDC_PORT = 8090;
    static final int KAFKA_PORT = 9092;
    static final int POSTGRES_PORT = 5433;
    static final int ECHO_PORT = 8099;
    static final int LLM_PORT = 8097;
    static final int CLUSTER_PORT = 6443;
    static final int MCP_PORT = 8096;

    private LocalStack() {
    }

    public static void main(String[] args) {
        Instant started = Instant.now();
        PostgresFixture postgres = LocalInfra.postgres(POSTGRES_PORT);
        KafkaFixture kafka = LocalInfra.kafka(KAFKA_PORT);
        OidcIssuer oidc = LocalInfra.oidc(OIDC_PORT);
        EchoTarget echo = EchoTarget.start(ECHO_PORT);
        DemoLlm.start(LLM_PORT);
        DemoMysql.startIfInstalled();
        DemoCluster cluster = DemoCluster.start(CLUSTER_PORT);
        DemoMcp mcp = DemoMcp.start(MCP_PORT, postgres, DemoSetup.DB_DATABASE);
        Suite suite = Suite.start(new Infrastructure(postgres, kafka, oidc, echo, cluster), Suite.Ports.LOCAL);
        suite.awaitHealthy(Duration.ofSeconds(60));
        DemoSetup.seed(suite);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Gatehouse...");
            suite.close();
            echo.close();
            mcp.close();
            cluster.close();
            oidc.close();
            kafka.close();
            postgres.close();
        }, "local-stack-shutdown"));
        System.out.println(Banner.text(Duration.between(started, Instant.now())));
    }
}
