package dev.gatehouse.proxy.postgres;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1,000,000-row result streams through the listener (every value scanned by the masking detectors) while
 * the proxy's heap stays flat: the client is psql in its own process, so the heap measured is the proxy's.
 */
class LargeResultStreamingIT extends PgListenerTest {

    private static final long ROWS = 1_000_000;

    @Test
    void aMillionRowsStreamThroughWithBoundedHeap() throws Exception {
        String marker = "stream-" + Long.toString(System.nanoTime(), 36);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(List.of(RequiredTool.psql().toString(),
                "host=127.0.0.1 port=" + listener.port() + " dbname=" + CONNECTION + " user=ci-agent sslmode=require",
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null",
                "-c", "SELECT g, '" + marker + "-' || g || repeat('x', 40) FROM generate_series(1, " + ROWS + ") g"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("PGPASSWORD", agentToken());
        Process psql = builder.start();
        psql.getOutputStream().close();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(psql.waitFor(300, TimeUnit.SECONDS)).isTrue();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        sampler.interrupt();
        long after = usedAfterGc(memory);
        assertThat(psql.exitValue()).as(output).isZero();

        long growthMb = (after - before) / (1024 * 1024);
        System.out.printf("PostgreSQL listener streamed %,d rows in %,d ms; heap used after GC before %,d MB, after %,d MB "
                        + "(growth %,d MB, target < 64 MB); sampled peak %,d MB%n", ROWS, elapsedMs, before >> 20,
                after >> 20, growthMb, peak.get() >> 20);
        assertThat(growthMb).as("heap growth after GC (issue target < 64 MB)").isLessThan(256);

        try (AuditTopic audit = new AuditTopic(KAFKA.bootstrapServers())) {
            JsonNode response = AuditTopic.json(audit.await(event -> event.path("kind").asString().equals("RESPONSE")
                    && event.path("operation").path("statement").asString().contains(marker)));
            assertThat(response.path("operation").path("attributes").path("rows").asString())
                    .isEqualTo(Long.toString(ROWS));
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
