package dev.gatehouse.bench.audit;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Ids;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Topics;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.OidcIssuer;
import dev.gatehouse.testkit.PostgresFixture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sustained ingest rate of the real pipeline: produces N events (default 200,000) to an embedded Kafka
 * broker, then boots audit-service on a fresh database and times how fast it stores the backlog
 * (Kafka poll, parse, hash chain/Merkle leaves, INSERT, offset commit). Run with bench/audit-search.sh ingest;
 * {@link AuditIngestLagBenchmark} offers a fixed rate instead and measures the lag.
 */
public final class AuditIngestBenchmark {

    private AuditIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("audit_ingest_bench");
        KafkaFixture kafka = KafkaFixture.shared();
        JsonMapper json = JsonMapper.builder().build();

        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            Instant start = Instant.now().minusSeconds(3600);
            for (int i = 0; i < events; i++) {
                AuditEvent event = event(i, start.plusMillis(i));
                producer.send(new ProducerRecord<>(Topics.AUDIT, event.sessionId(), json.writeValueAsString(event)));
            }
            producer.flush();
        }
        System.out.printf("produced %,d events in %.1f s%n", events, (System.nanoTime() - t0) / 1e9);

        ConfigurableApplicationContext app = start(postgres, url, kafka);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        long begin = System.nanoTime();
        long stored = 0;
        long lastReport = begin;
        long warm = 0;
        long warmStored = 0;
        while (stored < events) {
            Thread.sleep(100);
            // The tree size, not count(*): each stored event has one leaf, committed with it, and reading
            // the size is an index lookup where count(*) scans the table under the writer's feet.
            stored = jdbc.sql("SELECT coalesce(max(leaf_index) + 1, 0) FROM merkle_leaves").query(Long.class).single();
            if (warm == 0 && stored >= events / 10) {
                warm = System.nanoTime();
                warmStored = stored;
            }
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("  %,d stored after %.0f s%n", stored, (lastReport - begin) / 1e9);
            }
        }
        long end = System.nanoTime();
        double seconds = (end - begin) / 1e9;
        System.out.printf("stored %,d events in %.1f s after startup: %.0f events/s sustained%n", events, seconds,
                events / seconds);
        // Without the service's start-up (JIT, Spring, first poll): the rate once a tenth is stored.
        System.out.printf("steady: %,d events in %.1f s from the first 10%%: %.0f events/s%n", events - warmStored,
                (end - warm) / 1e9, (events - warmStored) / ((end - warm) / 1e9));
        app.close();
        System.exit(0);
    }

    /** audit-service on {@code url}, consuming from the broker's beginning. */
    static ConfigurableApplicationContext start(PostgresFixture postgres, String url, KafkaFixture kafka) {
        OidcIssuer oidc = OidcIssuer.shared();
        // Command-line arguments, because builder properties are defaults that audit-service.yml overrides.
        return AuditServiceApplication.application().run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--gatehouse.audit.ingest.group-id=audit-ingest-bench",
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + oidc.issuerUrl(OidcIssuer.INTERNAL),
                "--spring.security.oauth2.resourceserver.jwt.audiences=" + OidcIssuer.INTERNAL_AUDIENCE);
    }

    static AuditEvent event(int i, Instant at) {
        int repo = i % 50;
        CallerIdentity identity = new CallerIdentity("https://token.actions.githubusercontent.com",
                "repo:org/app" + repo + ":ref:refs/heads/main",
                Map.of("repository", "org/app" + repo, "run_id", Integer.toString(i / 10), "groups", List.of("ci")));
        AuditEventKind kind = switch (i % 3) {
            case 0 -> AuditEventKind.REQUEST;
            case 1 -> AuditEventKind.DECISION;
            default -> AuditEventKind.RESPONSE;
        };
        return new AuditEvent(Ids.uuidV7(), "s-" + (i / 10), i % 10, at, kind, identity, "conn-" + (i % 20),
                Protocol.HTTP, Operation.http("conn-" + (i % 20), "GET", "/items/" + i, null), Verdict.ALLOW,
                "rule-" + (i % 40), null, Map.of("aws-key", 1),
                "{\"body\":\"order " + i + " shipped to customer token=***\"}", 200, 12L, 3L, null);
    }
}
