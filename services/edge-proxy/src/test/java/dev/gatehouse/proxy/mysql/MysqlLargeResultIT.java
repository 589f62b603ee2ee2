package dev.gatehouse.proxy.mysql;

import dev.gatehouse.testkit.RequiredTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1,000,000-row result (MariaDB's sequence engine) streams through the MySQL listener, every value
 * scanned by the masking detectors, to the {@code mariadb} client in its own process ({@code --quick}: it
 * reads row by row), so the heap measured is the proxy's: it stays flat because reads from the database
 * pause while the client is not writable. The same for binary rows (a server-side prepared statement,
 * MariaDB Connector/J reading 1,000 rows at a time in this JVM) runs only when asked
 * ({@code -Dgatehouse.mysql.binary-stream=true}): it takes the same back-pressure path and would add
 * half a minute to every build.
 */
class MysqlLargeResultIT extends MysqlListenerTest {

    private static final long ROWS = 1_000_000;

    @Test
    void aMillionRowsStreamThroughWithBoundedHeap() throws Exception {
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
        ProcessBuilder builder = new ProcessBuilder(List.of(RequiredTool.mariadb().toString(), "--no-defaults", "--ssl",
                "--enable-cleartext-plugin", "--default-character-set=utf8mb4", "-h", "127.0.0.1", "-P",
                Integer.toString(listener.port()), "-u", "ci-agent", "-D", CONNECTION, "--batch", "--quick",
                "--skip-column-names", "-e", "SELECT seq, CONCAT('row-', seq, REPEAT('x', 40)) FROM seq_1_to_" + ROWS))
                .redirectErrorStream(true);
        builder.environment().put("MYSQL_PWD", agentToken());
        Process client = builder.start();
        long lines;
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                StandardCharsets.UTF_8))) {
            lines = reader.lines().filter(line -> line.contains("\trow-")).count(); // not the client's warnings
        }
        assertThat(client.waitFor(300, TimeUnit.SECONDS)).isTrue();
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        sampler.interrupt();
        long after = usedAfterGc(memory);
        assertThat(client.exitValue()).isZero();
        assertThat(lines).isEqualTo(ROWS);
        long growthMb = (after - before) / (1024 * 1024);
        System.out.printf("MySQL listener streamed %,d rows in %,d ms; heap used after GC before %,d MB, after %,d MB "
                + "(growth %,d MB, target < 64 MB); sampled peak %,d MB%n", ROWS, elapsedMs, before >> 20, after >> 20,
                growthMb, peak.get() >> 20);
        assertThat(growthMb).as("heap growth after GC (issue target < 64 MB)").isLessThan(64);
    }

    @Test
    @EnabledIfSystemProperty(named = "gatehouse.mysql.binary-stream", matches = "true")
    void aMillionBinaryRowsStreamThroughWithBoundedHeap() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        long started = System.nanoTime();
        long rows = 0;
        try (Connection connection = connect(agentToken(), "sslMode=trust&useServerPrepStmts=true");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT seq, CONCAT('row-', seq, REPEAT('x', 40)) FROM seq_1_to_" + ROWS + " WHERE seq > ?")) {
            select.setFetchSize(1000);
            select.setInt(1, 0);
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    result.getString(2);
                    rows++;
                }
            }
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long after = usedAfterGc(memory);
        long growthMb = (after - before) / (1024 * 1024);
        System.out.printf("MySQL listener streamed %,d binary rows in %,d ms; heap used after GC before %,d MB, after "
                + "%,d MB (growth %,d MB, target < 64 MB)%n", rows, elapsedMs, before >> 20, after >> 20, growthMb);
        assertThat(rows).isEqualTo(ROWS);
        assertThat(growthMb).as("heap growth after GC (issue target < 64 MB)").isLessThan(64);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
