package dev.gatehouse.bench.audit;

import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.Topics;
import dev.gatehouse.testkit.KafkaFixture;
import dev.gatehouse.testkit.PostgresFixture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Consumer lag at a fixed offered rate (issue 16: p99 < 1 s at 10,000 events/s): audit-service runs
 * first, then events are produced at {@code rate} per second for {@code seconds}, each stamped with its
 * send time as {@code occurredAt}. Two figures, both on this machine's one clock:
 * <ul>
 *   <li>sampled lag: every 100 ms while events are offered, now minus the newest stored
 *       {@code occurred_at} (how far behind the ledger is); then the time from the last send until all
 *       are stored;</li>
 *   <li>per event: {@code ingested_at} (its transaction's start) minus {@code occurred_at}, over all events.</li>
 * </ul>
 * Run with {@code bench/audit-search.sh ingest-lag [rate=10000] [seconds=60] [warm-up seconds=10]}.
 */
public final class AuditIngestLagBenchmark {

    private AuditIngestLagBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        // The first seconds (a cold JIT in a freshly started service) are offered but not counted.
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        PostgresFixture postgres = PostgresFixture.shared();
        String url = postgres.createDatabase("audit_ingest_lag_bench");
        KafkaFixture kafka = KafkaFixture.shared();
        ConfigurableApplicationContext app = AuditIngestBenchmark.start(postgres, url, kafka);
        JdbcClient jdbc = app.getBean(JdbcClient.class);

        List<Long> sampled = Collections.synchronizedList(new ArrayList<>());
        Instant counted = Instant.now().plusSeconds(warmup);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> sample(jdbc, sampled, counted));
        int sent = produce(kafka, rate, warmup + seconds);
        // Sampled only while events arrive: afterwards "now - newest" grows without the ledger lagging.
        sampler.interrupt();
        sampler.join();
        long drainStart = System.nanoTime();
        long deadline = drainStart + Duration.ofSeconds(60).toNanos();
        while (stored(jdbc) < sent && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double drain = (System.nanoTime() - drainStart) / 1e6;
        long stored = stored(jdbc);
        List<Long> lags;
        synchronized (sampled) {
            lags = new ArrayList<>(sampled);
        }
        Collections.sort(lags);
        System.out.printf("offered %,d events/s for %d s (+%d s warm-up, not counted): %,d sent, %,d stored%n",
                rate, seconds, warmup, sent, stored);
        System.out.printf("sampled lag (now - newest stored occurred_at, every 100 ms, %d samples): "
                + "p50 %d ms, p99 %d ms, max %d ms%n", lags.size(), percentile(lags, 0.50), percentile(lags, 0.99),
                lags.isEmpty() ? 0 : lags.get(lags.size() - 1));
        System.out.printf("last event sent -> all stored: %.0f ms%n", drain);
        // Per 10 s of send time: shows whether a high percentile is a start-up backlog draining or a stall.
        jdbc.sql("""
                SELECT floor(extract(epoch FROM occurred_at - ?) / 10) * 10 AS second,
                       percentile_disc(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
                       percentile_disc(0.99) WITHIN GROUP (ORDER BY lag) AS p99
                FROM (SELECT occurred_at, extract(epoch FROM ingested_at - occurred_at) * 1000 AS lag FROM events) l
                GROUP BY 1 ORDER BY 1""").param(counted.atOffset(java.time.ZoneOffset.UTC))
                .query((rs, n) -> String.format("  from %+4.0f s: per-event lag p50 %5.0f ms, p99 %5.0f ms",
                        rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)))
                .list().forEach(System.out::println);
        Map<String, Object> perEvent = jdbc.sql("""
                SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
                       percentile_disc(0.99) WITHIN GROUP (ORDER BY lag) AS p99, max(lag) AS max
                FROM (SELECT extract(epoch FROM ingested_at - occurred_at) * 1000 AS lag FROM events
                      WHERE occurred_at >= ?) l""")
                .param(counted.atOffset(java.time.ZoneOffset.UTC)).query().singleRow();
        System.out.printf("per event (ingested_at - occurred_at): p50 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                ((Number) perEvent.get("p50")).doubleValue(), ((Number) perEvent.get("p99")).doubleValue(),
                ((Number) perEvent.get("max")).doubleValue());
        app.close();
        System.exit(stored < sent ? 1 : 0);
    }

    /** Sends in 5 ms steps, each topping up to {@code rate × elapsed}; returns how many were sent. */
    private static int produce(KafkaFixture kafka, int rate, int seconds) {
        JsonMapper json = JsonMapper.builder().build();
        int total = rate * seconds;
        int sent = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            long begin = System.nanoTime();
            while (sent < total) {
                long due = Math.min(total, (System.nanoTime() - begin) * rate / 1_000_000_000L);
                for (; sent < due; sent++) {
                    AuditEvent event = AuditIngestBenchmark.event(sent, Instant.now());
                    producer.send(new ProducerRecord<>(Topics.AUDIT, event.sessionId(), json.writeValueAsString(event)));
                }
                LockSupport.parkNanos(5_000_000);
            }
            producer.flush();
            System.out.printf("produced %,d events in %.1f s%n", sent, (System.nanoTime() - begin) / 1e9);
        }
        return sent;
    }

    private static void sample(JdbcClient jdbc, List<Long> lags, Instant counted) {
        while (!Thread.currentThread().isInterrupted()) {
            OffsetDateTime newest = jdbc.sql("SELECT max(occurred_at) FROM events").query(OffsetDateTime.class)
                    .optional().orElse(null);
            if (newest != null && Instant.now().isAfter(counted)) {
                lags.add(Duration.between(newest.toInstant(), Instant.now()).toMillis());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long stored(JdbcClient jdbc) {
        return jdbc.sql("SELECT coalesce(max(leaf_index) + 1, 0) FROM merkle_leaves").query(Long.class).single();
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
}
