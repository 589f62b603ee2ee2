package dev.gatehouse.audit.verify;

import dev.gatehouse.audit.AuditServiceApplication;
import dev.gatehouse.audit.AuditTestSupport;
import dev.gatehouse.model.AuditEvent;
import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.testkit.OidcIssuer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.gatehouse.audit.AuditTestSupport.await;
import static dev.gatehouse.audit.AuditTestSupport.event;
import static dev.gatehouse.audit.AuditTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tampers with the database directly and runs the verifier against the running service: each edit
 * is caught and the event named; undone, the log verifies again. Each scenario uses its own events.
 */
@SpringBootTest(classes = AuditServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=audit-service", "gatehouse.audit.checkpoint.every=300ms",
                "gatehouse.audit.checkpoint.every-events=1000000"})
class TamperEvidenceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final KafkaProducer<String, String> producer = AuditTestSupport.producer();

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        AuditTestSupport.register(registry, "audit_tamper_it");
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void anEditedPayloadIsNamed() {
        List<AuditEvent> events = session(5);
        AuditEvent victim = events.get(2);
        assertVerifies();

        String original = jdbc.sql("SELECT payload FROM events WHERE id = ?").param(victim.id()).query(String.class).single();
        update("UPDATE events SET payload = '{\"masked\":\"nothing to see\"}' WHERE id = ?", victim.id());
        assertThat(verify()).startsWith("FAILED").contains("event " + victim.id()).contains("payload");

        update("UPDATE events SET payload = ? WHERE id = ?", original, victim.id());
        assertVerifies();
    }

    @Test
    void anEditedVerdictIsNamed() {
        List<AuditEvent> events = session(5);
        AuditEvent victim = events.get(3);
        assertVerifies();

        update("UPDATE events SET verdict = 'DENY' WHERE id = ?", victim.id());
        assertThat(verify()).startsWith("FAILED").contains("event " + victim.id()).contains("altered");

        update("UPDATE events SET verdict = 'ALLOW' WHERE id = ?", victim.id());
        assertVerifies();
    }

    @Test
    void aDeletedEventIsNamed() {
        List<AuditEvent> events = session(5);
        AuditEvent victim = events.get(1);
        assertVerifies();

        String backup = "deleted_" + Long.toHexString(System.nanoTime());
        jdbc.sql("CREATE TABLE " + backup + " AS SELECT * FROM events WHERE id = ?").param(victim.id()).update();
        update("DELETE FROM events WHERE id = ?", victim.id());
        assertThat(verify()).startsWith("FAILED").contains("event " + victim.id()).contains("missing");

        // Named columns: generated ones (e.g. a search vector) cannot be inserted.
        String columns = String.join(", ", jdbc.sql("SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = 'events' AND is_generated = 'NEVER' ORDER BY ordinal_position")
                .query(String.class).list());
        jdbc.sql("INSERT INTO events (" + columns + ") SELECT " + columns + " FROM " + backup).update();
        jdbc.sql("DROP TABLE " + backup).update();
        assertVerifies();
    }

    @Test
    void reorderedEventsAreNamed() {
        List<AuditEvent> events = session(5);
        AuditEvent first = events.get(1);
        AuditEvent second = events.get(2);
        assertVerifies();

        swapLeaves(first.id(), second.id());
        // The later event now sits at the earlier event's place: that is the first thing that is wrong.
        assertThat(verify()).startsWith("FAILED").contains("event " + second.id()).contains(first.id().toString())
                .contains("reordered");

        swapLeaves(first.id(), second.id());
        assertVerifies();
    }

    @Test
    void retentionNullingPayloadsKeepsTheLogVerifiable() {
        List<AuditEvent> events = session(3);
        update("UPDATE events SET payload = NULL WHERE id = ?", events.get(0).id());
        assertVerifies();
    }

    @Test
    void anExportedBundleVerifiesOfflineAndCatchesAnEditedLine(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<AuditEvent> events = session(4);
        Path bundle = dir.resolve("bundle.jsonl");
        awaitCheckpointed(events);
        assertThat(verify("--write-bundle", bundle.toString())).startsWith("OK");
        assertThat(run("--bundle", bundle.toString())).startsWith("OK");

        AuditEvent victim = events.get(1);
        List<String> lines = new ArrayList<>(Files.readAllLines(bundle));
        int line = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("\"eventId\":\"" + victim.id() + "\"")) {
                line = i;
            }
        }
        lines.set(line, lines.get(line).replace("\"verdict\":\"ALLOW\"", "\"verdict\":\"REVIEW\""));
        Path edited = dir.resolve("edited.jsonl");
        Files.write(edited, lines);
        assertThat(run("--bundle", edited.toString())).startsWith("FAILED").contains("event " + victim.id());
        assertThat(run("--bundle", bundle.toString(), "--key", "o+00000000+AQ" + "A".repeat(42) + "="))
                .startsWith("FAILED");
    }

    private void swapLeaves(UUID a, UUID b) {
        long ia = leafIndex(a);
        long ib = leafIndex(b);
        update("UPDATE events SET leaf_index = -1 WHERE id = ?", a);
        jdbc.sql("UPDATE events SET leaf_index = ? WHERE id = ?").params(ia, b).update();
        jdbc.sql("UPDATE events SET leaf_index = ? WHERE id = ?").params(ib, a).update();
    }

    private long leafIndex(UUID id) {
        return jdbc.sql("SELECT leaf_index FROM events WHERE id = ?").param(id).query(Long.class).single();
    }

    private void update(String sql, Object... params) {
        assertThat(jdbc.sql(sql).params(params).update()).isEqualTo(1);
    }

    /** Sends a fresh session of {@code n} events and waits until a checkpoint covers them. */
    private List<AuditEvent> session(int n) {
        String session = "s-" + UUID.randomUUID();
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            AuditEvent event = event(session, i, Instant.now(), AuditEventKind.REQUEST, "demo-http", "tamper",
                    Verdict.ALLOW);
            send(producer, event);
            events.add(event);
        }
        awaitCheckpointed(events);
        return events;
    }

    private void awaitCheckpointed(List<AuditEvent> events) {
        UUID last = events.getLast().id();
        await(TIMEOUT, "checkpoint covering " + last, () -> {
            long index = jdbc.sql("SELECT coalesce(leaf_index, -1) FROM events WHERE id = ?").param(last)
                    .query(Long.class).optional().orElse(-1L);
            long size = jdbc.sql("SELECT coalesce(max(tree_size), 0) FROM checkpoints").query(Long.class).single();
            return index >= 0 && size > index;
        });
    }

    private void assertVerifies() {
        assertThat(verify()).startsWith("OK");
    }

    private String verify(String... more) {
        List<String> args = new ArrayList<>(List.of("--url", "http://localhost:" + port,
                "--token", OidcIssuer.shared().internalToken("auditor", "gatehouse-auditor")));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    static String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = Verifier.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String out = buffer.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isEqualTo(out.startsWith("OK") ? 0 : out.startsWith("FAILED") ? 1 : 2);
        return out;
    }
}
