package dev.gatehouse.cluster;

import dev.gatehouse.testkit.HealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code deploy/cluster/run.sh}: Gatehouse shaped as production runs it, on one machine and without Docker.
 * Every part is a process of its own under supervision (restarted a second after it dies, as Kubernetes
 * restarts a pod): two PostgreSQL servers, a three-broker KRaft Kafka cluster, the issuer and the
 * ground-truth target, the four internal services and two edge-proxy replicas. Each start is fresh.
 * Ctrl-C stops everything.
 */
public final class Cluster {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Layout layout;
    /** What runs, by tier: databases, brokers, then everything that uses them. */
    private final List<List<Supervised>> tiers = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

    private Cluster(Layout layout) {
        this.layout = layout;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("gatehouse.root", ".")).toAbsolutePath().normalize();
        Cluster cluster = new Cluster(Layout.fromEnvironment());
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "cluster-shutdown"));
        try {
            cluster.start(root);
        } catch (RuntimeException e) {
            System.err.println("The cluster did not start: " + e.getMessage());
            System.exit(1);
        }
        // The parts run as processes of their own; this one supervises them until Ctrl-C.
        Thread.currentThread().join();
    }

    private void start(Path root) throws Exception {
        Instant started = Instant.now();
        fresh(layout.home());
        for (Path directory : List.of(layout.logs(), layout.pids(), layout.data())) {
            Files.createDirectories(directory);
        }
        List<String> java = javaCommand("-Xmx512m");

        PostgresServers postgres = new PostgresServers(layout);
        launch(0, postgres.server("pg-services", Layout.SERVICES_POSTGRES, false));
        launch(0, postgres.server("pg-target", Layout.TARGET_POSTGRES, true));
        KafkaQuorum kafka = new KafkaQuorum(layout, java);
        kafka.prepare();
        kafka.brokers().forEach(broker -> launch(1, broker));
        List<String> fixtures = new ArrayList<>(javaCommand("-Xmx256m"));
        fixtures.add(Fixtures.class.getName());
        launch(2, new Supervised("fixtures", fixtures, Map.of("GATEHOUSE_CLUSTER_HOME", layout.home().toString()), layout));
        Seed.databases();
        awaitBrokers();
        System.out.println("PostgreSQL, Kafka (3 brokers) and the issuer are up; starting the services...");

        List<String> serviceJava = serviceJavaOptions();
        ServiceCommands services = new ServiceCommands(root, layout, serviceJava);
        services.internalServices().forEach(service -> launch(2, service));
        awaitHealthy(List.of(Layout.POLICY, Layout.VAULT, Layout.APPROVAL, Layout.AUDIT));
        services.proxies().forEach(proxy -> launch(2, proxy));
        awaitHealthy(Layout.PROXY_HTTP);
        new Seed().connections();
        System.out.println(banner(Duration.between(started, Instant.now())));
        Files.writeString(layout.home().resolve("ready"), Instant.now() + "\n");
    }

    private void launch(int tier, Supervised process) {
        synchronized (tiers) {
            tiers.get(tier).add(process);
        }
        process.start();
    }

    /**
     * Stops the services and proxies first (their last events still reach Kafka), then the brokers, then
     * the databases; each tier's processes at once (a broker waiting for its peers' quorum to shut down
     * cleanly would otherwise wait out its grace period for each one).
     */
    private void stop() {
        List<List<Supervised>> order;
        synchronized (tiers) {
            order = tiers.reversed().stream().map(List::copyOf).toList();
        }
        for (List<Supervised> tier : order) {
            List<Thread> stopping = tier.stream().map(process -> Thread.ofPlatform().start(() -> process.stop(10_000))).toList();
            for (Thread thread : stopping) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static List<String> javaCommand(String heap) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", System.getProperty("java.class.path")));
        return command;
    }

    /** The services' JVM options: {@code GATEHOUSE_JAVA_OPTS} (e.g. C2 for measurements), or a quick start. */
    private static List<String> serviceJavaOptions() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        String options = System.getenv().getOrDefault("GATEHOUSE_JAVA_OPTS",
                "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k");
        command.addAll(List.of(options.trim().split("\\s+")));
        return command;
    }

    private void awaitBrokers() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Layout.bootstrapServers()))) {
            while (true) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == Layout.BROKERS) {
                        return;
                    }
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not all brokers are up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka brokers did not all join within " + START_TIMEOUT
                            + "; see " + layout.logs() + "/kafka-*.log");
                }
                Thread.sleep(500);
            }
        }
    }

    private void awaitHealthy(List<Integer> ports) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int port : ports) {
            HealthCheck.awaitUp("the service on port " + port + " (after " + START_TIMEOUT + "; logs in " + layout.logs() + ")",
                    Layout.url(port), deadline);
        }
    }

    /** Marks a directory as a cluster's own, which the next start may clear. */
    static final String MARKER = ".gatehouse-cluster";
    private static final java.util.Set<String> OWN_ENTRIES = java.util.Set.of("logs", "pids", "data", "ready");

    /**
     * Clears what an earlier start left and marks the directory. A directory with other content is never
     * cleared: GATEHOUSE_CLUSTER_HOME pointed at the wrong place must not cost anyone their files.
     */
    static void fresh(Path home) {
        try {
            if (Files.isDirectory(home) && !Files.exists(home.resolve(MARKER))) {
                try (Stream<Path> entries = Files.list(home)) {
                    // a start before the marker existed left only these
                    if (entries.anyMatch(entry -> !OWN_ENTRIES.contains(entry.getFileName().toString()))) {
                        throw new IllegalStateException("GATEHOUSE_CLUSTER_HOME=" + home + " is not empty and not a "
                                + "cluster's directory; not clearing it (point it at a new or empty directory)");
                    }
                }
            }
            if (Files.exists(home)) {
                try (Stream<Path> paths = Files.walk(home)) {
                    paths.sorted(Comparator.reverseOrder()).filter(path -> !path.equals(home))
                            .forEach(path -> path.toFile().delete());
                }
            }
            Files.createDirectories(home);
            Files.writeString(home.resolve(MARKER), "deploy/cluster/run.sh clears this directory at each start\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare " + home, e);
        }
    }

    private String banner(Duration took) {
        return """

                Gatehouse cluster is running (%d s): every part its own process, logs in %s
                  edge-proxy replicas  HTTP %s and %s, PostgreSQL listener %s and %s (dbname drill-db)
                  policy %d · credential-vault %d · approval %d · audit %d (dashboard %s/)
                  Kafka brokers        %s (KRaft, replication 3, min.insync.replicas 2)
                  PostgreSQL           services %d, drill target %d (log_statement = all)
                  issuer               %s (/ci for CI jobs, /gatehouse for people)
                  pids                 %s/<name>.pid (kill one: it is restarted after a second)
                Ctrl-C stops it.""".formatted(took.toSeconds(), layout.logs(), Layout.url(Layout.PROXY_HTTP.get(0)),
                Layout.url(Layout.PROXY_HTTP.get(1)), Layout.PROXY_POSTGRES.get(0), Layout.PROXY_POSTGRES.get(1),
                Layout.POLICY, Layout.VAULT, Layout.APPROVAL, Layout.AUDIT, Layout.url(Layout.AUDIT),
                Layout.bootstrapServers(), Layout.SERVICES_POSTGRES, Layout.TARGET_POSTGRES, Layout.url(Layout.ISSUER),
                layout.pids());
    }
}
