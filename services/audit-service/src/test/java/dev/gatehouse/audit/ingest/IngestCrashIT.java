package dev.gatehouse.audit.ingest;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.gatehouse.audit.AuditTestSupport.await;
import static dev.gatehouse.audit.AuditTestSupport.event;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the service ten times under a steady event stream (in-flight database transactions are
 * terminated, then the context is closed, while a producer keeps sending), then checks that every
 * produced event is stored exactly once with exactly one Merkle leaf, and that the log verifies.
 */
class IngestCrashIT {

    private static final String NAME = "audit_crash_it";

    @Test
    void noEventIsLostOrDuplicatedAcrossCrashes() throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase(NAME);
        String key = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        Set<UUID> produced = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        String run = UUID.randomUUID().toString();
        Thread sender = Thread.ofPlatform().start(() -> {
            try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
                for (long seq = 0; running.get(); seq++) {
                    AuditEvent event = event("crash-" + run + "-" + (seq % 13), seq, Instant.now(),
                            AuditEventKind.REQUEST, "crash-" + run, "crash", Verdict.ALLOW);
                    AuditTestSupport.send(producer, event);
                    produced.add(event.id());
                }
            }
        });
        try {
            for (int round = 0; round < 10; round++) {
                ConfigurableApplicationContext context = start(url, postgres, key);
                JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
                long before = count(jdbc, run);
                await(Duration.ofSeconds(60), "progress in round " + round, () -> count(jdbc, run) > before);
                Thread.sleep(ThreadLocalRandom.current().nextInt(50, 400));
                // Kill mid-batch: abort whatever transaction is in flight, then shut down at once.
                JdbcClient.create(context.getBean(DataSource.class)).sql("""
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid()""").query().listOfRows();
                context.close();
            }
        } finally {
            running.set(false);
            sender.join();
        }
        ConfigurableApplicationContext context = start(url, postgres, key);
        try {
            JdbcClient jdbc = JdbcClient.create(context.getBean(DataSource.class));
            await(Duration.ofSeconds(120), produced.size() + " events", () -> count(jdbc, run) >= produced.size());

            List<UUID> stored = jdbc.sql("SELECT id FROM events WHERE connection = ?").param("crash-" + run)
                    .query(UUID.class).list();
            assertThat(new HashSet<>(stored)).isEqualTo(produced);
            assertThat(stored).hasSize(produced.size());
            assertThat(jdbc.sql("SELECT count(*) FROM events WHERE leaf_index IS NULL").query(Long.class).single())
                    .isZero();
            long events = jdbc.sql("SELECT count(*) FROM events").query(Long.class).single();
            assertThat(jdbc.sql("SELECT count(*) FROM merkle_leaves").query(Long.class).single()).isEqualTo(events);
            assertThat(jdbc.sql("SELECT coalesce(max(leaf_index) + 1, 0) FROM merkle_leaves").query(Long.class)
                    .single()).isEqualTo(events);
            assertThat(jdbc.sql("SELECT count(*) FROM merkle_leaves l JOIN events e ON e.leaf_index = l.leaf_index "
                    + "AND e.id = l.event_id").query(Long.class).single()).isEqualTo(events);

            await(Duration.ofSeconds(30), "a checkpoint of the whole log", () -> jdbc
                    .sql("SELECT coalesce(max(tree_size), 0) FROM checkpoints").query(Long.class).single() == events);
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = dev.gatehouse.audit.verify.Verifier.run(new String[]{"--url", "http://localhost:" + port,
                    "--token", OidcIssuer.shared().internalToken("auditor", "gatehouse-auditor")},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK");
            assertThat(code).isZero();
        } finally {
            context.close();
        }
    }

    /**
     * Two replicas in different consumer groups both ingest the whole stream into one database at the
     * same time (the worst case of a rebalance overlap): each event is stored once with one leaf.
     */
    @Test
    void concurrentWritersKeepOneDenseLog() throws Exception {
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase(NAME + "_2");
        String key = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
        String run = UUID.randomUUID().toString();
        ConfigurableApplicationContext one = start(url, postgres, key, "a");
        ConfigurableApplicationContext two = start(url, postgres, key, "b");
        try {
            Set<UUID> produced = new HashSet<>();
            try (KafkaProducer<String, String> producer = AuditTestSupport.producer()) {
                for (long seq = 0; seq < 600; seq++) {
                    AuditEvent event = event("dual-" + run + "-" + (seq % 7), seq, Instant.now(),
                            AuditEventKind.REQUEST, "crash-" + run, "dual", Verdict.ALLOW);
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            dev.gatehouse.model.Topics.AUDIT, event.sessionId(),
                            AuditTestSupport.JSON.writeValueAsString(event)));
                    produced.add(event.id());
                }
            }
            JdbcClient jdbc = JdbcClient.create(one.getBean(DataSource.class));
            await(Duration.ofSeconds(120), "600 events", () -> count(jdbc, run) >= produced.size());
            long events = jdbc.sql("SELECT count(*) FROM events").query(Long.class).single();
            assertThat(count(jdbc, run)).isEqualTo(produced.size());
            assertThat(jdbc.sql("SELECT count(*) FROM merkle_leaves").query(Long.class).single()).isEqualTo(events);
            assertThat(jdbc.sql("SELECT coalesce(max(leaf_index) + 1, 0) FROM merkle_leaves").query(Long.class)
                    .single()).isEqualTo(events);
            await(Duration.ofSeconds(30), "a checkpoint of the whole log", () -> jdbc
                    .sql("SELECT coalesce(max(tree_size), 0) FROM checkpoints").query(Long.class).single() == events);
            int port = ((WebServerApplicationContext) two).getWebServer().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            dev.gatehouse.audit.verify.Verifier.run(new String[]{"--url", "http://localhost:" + port,
                    "--token", OidcIssuer.shared().internalToken("auditor", "gatehouse-auditor")},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK");
        } finally {
            one.close();
            two.close();
        }
    }

    private static long count(JdbcClient jdbc, String run) {
        return jdbc.sql("SELECT count(*) FROM events WHERE connection = ?").param("crash-" + run)
                .query(Long.class).single();
    }

    private static ConfigurableApplicationContext start(String url, PostgresFixture postgres, String key) {
        return start(url, postgres, key, "");
    }

    private static ConfigurableApplicationContext start(String url, PostgresFixture postgres, String key,
                                                        String replica) {
        OidcIssuer oidc = OidcIssuer.shared();
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + postgres.username(),
                "spring.datasource.password=" + postgres.password(),
                "spring.kafka.bootstrap-servers=" + KafkaFixture.shared().bootstrapServers(),
                "spring.kafka.consumer.max-poll-records=50",
                "gatehouse.audit.ingest.group-id=gatehouse-audit-" + NAME + replica,
                "gatehouse.audit.checkpoint.signing-key=" + key,
                "gatehouse.audit.checkpoint.every=200ms",
                "spring.security.oauth2.resourceserver.jwt.issuer-uri=" + oidc.issuerUrl(OidcIssuer.INTERNAL),
                "spring.security.oauth2.resourceserver.jwt.audiences=" + OidcIssuer.INTERNAL_AUDIENCE));
        // As command-line arguments: builder properties are defaults, which audit-service.yml overrides.
        return AuditServiceApplication.application().run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    }
}
