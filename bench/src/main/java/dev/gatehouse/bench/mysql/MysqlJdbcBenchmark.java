package dev.gatehouse.bench.mysql;

import dev.gatehouse.local.DemoMysql;
import dev.gatehouse.local.DemoSetup;
import dev.gatehouse.local.EchoTarget;
import dev.gatehouse.local.Infrastructure;
import dev.gatehouse.local.Suite;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.MariaDbFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * MariaDB Connector/J point reads ({@code SELECT id, name, api_key FROM users WHERE id = ?}, one
 * connection per client thread) against the demo MariaDB directly and through Gatehouse's MySQL listener
 * (TLS, the demo policy's decision per statement, audit in Kafka, api_key masked), side by side: queries
 * per second, mean and p99 latency, and the ratio; with client-side prepared statements (COM_QUERY, text
 * rows) and with server-side ones ({@code useServerPrepStmts=true}: decided once at COM_STMT_PREPARE,
 * then COM_STMT_EXECUTE per read with its parameters audited, binary rows masked).
 * Usage: {@code bench/mysql-jdbc.sh [clients] [seconds] [both|client|server]}.
 */
public final class MysqlJdbcBenchmark {

    private MysqlJdbcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String prepared = args.length > 2 ? args[2] : "both";
        if (!DemoMysql.startIfInstalled()) {
            System.exit(2);
        }
        MariaDbFixture mariadb = MariaDbFixture.shared();
        try (PostgresFixture postgres = PostgresFixture.shared(); KafkaFixture kafka = KafkaFixture.dedicated();
             OidcIssuer oidc = OidcIssuer.shared(); EchoTarget echo = EchoTarget.start(0);
             Suite suite = Suite.start(new Infrastructure(postgres, kafka, oidc, echo), Suite.Ports.RANDOM)) {
            suite.awaitHealthy(java.time.Duration.ofSeconds(120));
            DemoSetup.seed(suite);
            String token = oidc.ciToken("repo:acme/app:ref:refs/heads/main",
                    Map.of("repository", "acme/app", "ref", "refs/heads/main", "run_id", "1"));
            for (String mode : prepared.equals("both") ? new String[] {"client", "server"} : new String[] {prepared}) {
                String options = mode.equals("server") ? "useServerPrepStmts=true" : "useServerPrepStmts=false";
                Supplier<Connection> direct = () -> open(mariadb.jdbcUrl("demo") + "?" + options, mariadb.username(),
                        mariadb.password());
                Supplier<Connection> proxied = () -> open("jdbc:mariadb://127.0.0.1:" + suite.proxyMysqlPort() + "/"
                        + DemoMysql.CONNECTION + "?sslMode=trust&" + options, "ci-job", token);
                System.out.println(mode + "-side prepared statements:");
                run("warm-up (Gatehouse)", proxied, clients, Math.max(3, seconds / 4));
                double directQps = run("MariaDB directly", direct, clients, seconds);
                double proxiedQps = run("through Gatehouse", proxied, clients, seconds);
                System.out.printf("Gatehouse / direct (%s-side prepared): %.2f%n", mode, proxiedQps / directQps);
            }
        }
        // The shared fixtures (MariaDB, PostgreSQL) keep non-daemon threads and stop in shutdown hooks:
        // without an exit the benchmark printed its figures and never returned to the shell.
        System.exit(0);
    }

    private static double run(String label, Supplier<Connection> connections, int clients, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Future<?>[] results = new Future<?>[clients];
        long[][] latencies = new long[clients][];
        for (int c = 0; c < clients; c++) {
            int client = c;
            results[c] = pool.submit(() -> {
                latencies[client] = client(connections, deadline);
                return null;
            });
        }
        for (Future<?> result : results) {
            result.get();
        }
        pool.shutdown();
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double qps = all.length / (double) seconds;
        System.out.printf("%-22s %,10.0f queries/s  mean %,7.0f µs  p99 %,7d µs  (%d clients, %d s)%n", label, qps,
                Arrays.stream(all).average().orElse(0) / 1000, all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1000,
                clients, seconds);
        return qps;
    }

    private static long[] client(Supplier<Connection> connections, long deadline) throws Exception {
        long[] latencies = new long[1 << 16];
        int count = 0;
        try (Connection connection = connections.get();
             PreparedStatement statement = connection.prepareStatement("SELECT id, name, api_key FROM users WHERE id = ?")) {
            while (System.nanoTime() < deadline) {
                long started = System.nanoTime();
                statement.setInt(1, 1 + (count & 1));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        rows.getString(3);
                    }
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = System.nanoTime() - started;
            }
        }
        return Arrays.copyOf(latencies, count);
    }

    private static Connection open(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        try {
            return DriverManager.getConnection(url, properties);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }
}
