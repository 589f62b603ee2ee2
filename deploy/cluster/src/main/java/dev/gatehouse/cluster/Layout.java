package dev.gatehouse.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the cluster's parts listen and keep their files. Fixed ports (deploy/cluster/README.md) so a drill, a
 * developer's curl and the processes themselves agree without a discovery step; the range 2xxxx keeps clear of
 * deploy/local's ports so both can run at once.
 */
public record Layout(Path home) {

    public static final String HOST = "127.0.0.1";
    public static final int ISSUER = 28090;
    public static final int ECHO = 28099;
    public static final int POLICY = 28081;
    public static final int APPROVAL = 28082;
    public static final int AUDIT = 28083;
    public static final int VAULT = 28084;
    /** The two edge-proxy replicas: HTTP and PostgreSQL listener of each. */
    public static final List<Integer> PROXY_HTTP = List.of(28080, 28180);
    public static final List<Integer> PROXY_POSTGRES = List.of(25434, 25435);
    /** PostgreSQL for the services' own databases, and the demo target the drills write to. */
    public static final int SERVICES_POSTGRES = 25432;
    public static final int TARGET_POSTGRES = 25433;
    public static final int BROKERS = 3;
    private static final int BROKER_BASE = 29091;
    private static final int CONTROLLER_BASE = 29191;

    /** The environment variable run.sh and the drills use for the cluster's directory. */
    public static Layout fromEnvironment() {
        String home = System.getenv().getOrDefault("GATEHOUSE_CLUSTER_HOME", "/tmp/gatehouse-cluster");
        return new Layout(Path.of(home));
    }

    public static int brokerPort(int nodeId) {
        return BROKER_BASE + nodeId - 1;
    }

    public static int controllerPort(int nodeId) {
        return CONTROLLER_BASE + nodeId - 1;
    }

    public static String bootstrapServers() {
        StringBuilder servers = new StringBuilder();
        for (int node = 1; node <= BROKERS; node++) {
            servers.append(servers.isEmpty() ? "" : ",").append(HOST).append(':').append(brokerPort(node));
        }
        return servers.toString();
    }

    public static String url(int port) {
        return "http://" + HOST + ":" + port;
    }

    public static String issuer(String issuerId) {
        return url(ISSUER) + "/" + issuerId;
    }

    public Path logs() {
        return home.resolve("logs");
    }

    /** {@code <name>.pid} of each running process: what a drill kills or stops. */
    public Path pids() {
        return home.resolve("pids");
    }

    public Path data() {
        return home.resolve("data");
    }

    /** The echo target's record of every request it received: one line per request, the drills' ground truth. */
    public Path echoLog() {
        return logs().resolve("echo-received.log");
    }

    /** The target database's server log ({@code log_statement = all}): the ground truth of what ran there. */
    public Path targetStatementLog() {
        return logs().resolve("pg-target.log");
    }
}
