package dev.gatehouse.proxy.mysql;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed packets at the real listener (fixed seed, printed): garbage before the login, then malformed
 * commands inside logged-in sessions (unknown commands, truncated COM_STMT_* packets, statement ids that
 * were never prepared, execute parameters of random types, invalid UTF-8 statements), pipelined without
 * waiting for answers. Afterwards the proxy has closed every connection (its file descriptors and
 * threads are back to where they were, and so are the database's connections), and a good client is
 * served as before. The tolerances (8 files, 16 threads) allow for pools that grow once (HTTP, Kafka,
 * carrier threads); a leak per connection would be hundreds.
 */
class MysqlListenerFuzzIT extends MysqlListenerTest {

    private static final long SEED = 0x6d79667a7aL;
    private static final int PRE_LOGIN_CONNECTIONS = 400;
    private static final int SESSIONS = 16;
    private static final int COMMANDS_PER_SESSION = 6_000;

    @Test
    void malformedPacketsNeitherCrashNorLeakAndTheListenerServesAfterwards() throws Exception {
        System.out.println("MysqlListenerFuzzIT seed " + SEED);
        try (Connection warm = connect(agentToken())) {
            warm.isValid(5); // the first session's one-time costs (TLS, pools) are not counted as growth
        }
        long fdsBefore = settled(MysqlListenerFuzzIT::openFiles, Long.MAX_VALUE);
        long threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long databaseBefore = MysqlPreparedIT.status("Threads_connected");
        Random random = new Random(SEED);
        long started = System.nanoTime();
        long packets = 0;
        for (int i = 0; i < PRE_LOGIN_CONNECTIONS; i++) {
            packets += garbageBeforeLogin(random);
        }
        for (int i = 0; i < SESSIONS; i++) {
            packets += malformedCommands(random);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("MysqlListenerFuzzIT seed %d: %,d malformed packets in %,d ms%n", SEED, packets, elapsedMs);
        assertThat(packets).isGreaterThanOrEqualTo(100_000);

        try (Connection good = connect(agentToken()); Statement statement = good.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 40 + 2")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).as("seed " + SEED + ": the listener still serves").isEqualTo(42);
        }
        assertThat(settled(MysqlListenerFuzzIT::openFiles, fdsBefore + 8)).as("seed " + SEED + ": open files")
                .isLessThanOrEqualTo(fdsBefore + 8);
        assertThat(settled(() -> ManagementFactory.getThreadMXBean().getThreadCount(), threadsBefore + 16))
                .as("seed " + SEED + ": threads").isLessThanOrEqualTo(threadsBefore + 16);
        assertThat(settled(MysqlListenerFuzzIT::databaseConnections, databaseBefore))
                .as("seed " + SEED + ": connections the proxy left open at the database").isLessThanOrEqualTo(databaseBefore);
    }

    /** A connection that sends a few random packets (or raw bytes) instead of a login, then hangs up. */
    private int garbageBeforeLogin(Random random) throws IOException {
        int sent = 0;
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5_000);
            InputStream in = socket.getInputStream();
            in.readNBytes(4); // the greeting's header: the session is set up
            OutputStream out = socket.getOutputStream();
            for (int p = 0, count = 1 + random.nextInt(40); p < count; p++, sent++) {
                byte[] payload = new byte[random.nextInt(random.nextInt(10) == 0 ? 600 : 40)];
                random.nextBytes(payload);
                out.write(random.nextInt(8) == 0 ? payload : RawMyClient.packet(1 + random.nextInt(3), payload));
            }
            out.flush();
        } catch (IOException closedByTheListener) {
            // a refusal closes the connection while the rest is written: expected
        }
        return Math.max(sent, 1);
    }

    /** A logged-in session sent malformed commands back to back; answers are read and thrown away. */
    private int malformedCommands(Random random) throws Exception {
        int sent = 0;
        try (RawMyClient client = RawMyClient.login(listener.port(), CONNECTION, agentToken())) {
            long statement = client.prepare("SELECT ?, ?");
            Thread drain = Thread.ofVirtual().start(() -> {
                try {
                    client.input().transferTo(OutputStream.nullOutputStream());
                } catch (IOException closed) {
                    // the session ended
                }
            });
            try {
                for (; sent < COMMANDS_PER_SESSION; sent++) {
                    client.sendRaw(RawMyClient.packet(0, MalformedCommands.next(random, statement)));
                }
                client.send(new byte[] {0x01}); // COM_QUIT
            } catch (IOException endedByTheListener) {
                // a session the listener ended: counted up to here
            }
            drain.join(20_000);
        }
        return sent;
    }

    private static long openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long databaseConnections() {
        try {
            return MysqlPreparedIT.status("Threads_connected");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value once it is at most {@code target} (polled up to 15 s), or its last reading. */
    private static long settled(LongSupplier value, long target) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        long now = value.getAsLong();
        while (now > target && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = value.getAsLong();
        }
        return now;
    }
}
