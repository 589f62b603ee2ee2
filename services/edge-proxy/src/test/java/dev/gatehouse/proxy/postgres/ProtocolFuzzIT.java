package dev.gatehouse.proxy.postgres;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends well over 100,000 random and mutated protocol messages: before TLS, during startup, and inside
 * logged-in sessions (pipelines of harmless messages PostgreSQL answers, statements that are decided,
 * and now and then a message whose fields or framing are broken). Netty's leak detector runs at PARANOID:
 * no buffer may leak, nothing may answer with an internal error, and the listener must still serve pgjdbc.
 */
class ProtocolFuzzIT extends PgListenerTest {

    private static final int TARGET_MESSAGES = 100_000;
    private static ResourceLeakDetector.Level previousLevel;

    private final ListAppender<ILoggingEvent> leaks = new ListAppender<>();
    private final AtomicInteger internalErrors = new AtomicInteger();

    @BeforeAll
    static void paranoidLeakDetection() {
        previousLevel = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void restoreLeakDetection() {
        ResourceLeakDetector.setLevel(previousLevel);
    }

    @Test
    void randomAndMutatedMessagesNeitherCrashNorLeakAndTheListenerStillServes() throws Exception {
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        leaks.start();
        detector.addAppender(leaks);
        long seed = System.nanoTime();
        System.out.println("protocol fuzz seed " + seed);
        Random random = new Random(seed);

        int sent = startupFuzz(random, 1_500);
        int sessions = 0;
        while (sent < TARGET_MESSAGES) {
            sent += sessionFuzz(random);
            sessions++;
        }
        System.out.printf("protocol fuzz: %,d messages, %d sessions, %d internal errors%n", sent, sessions,
                internalErrors.get());

        try (Connection connection = connect(agentToken());
             ResultSet rows = connection.createStatement().executeQuery("SELECT 40 + 2")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(42);
        }
        provokeLeakReports();
        detector.detachAppender(leaks);
        assertThat(sent).isGreaterThanOrEqualTo(TARGET_MESSAGES);
        assertThat(internalErrors.get()).as("no message may cause an internal error").isZero();
        assertThat(leaks.list).as("leaked buffers").extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("LEAK"));
    }

    /** Garbage and near-misses before and during startup, each on its own connection. */
    private int startupFuzz(Random random, int connections) throws IOException {
        int messages = 0;
        for (int i = 0; i < connections; i++) {
            try (Socket socket = RawPgClient.plain(listener.port())) {
                socket.setSoTimeout(300);
                byte[] packet = switch (random.nextInt(6)) {
                    case 0 -> randomBytes(random, random.nextInt(64));
                    case 1 -> startupPacket(random.nextInt(), randomBytes(random, random.nextInt(40)));
                    case 2 -> startupPacket(196608, randomBytes(random, random.nextInt(200)));
                    case 3 -> concat(startupPacket(80877103, new byte[0]), randomBytes(random, 30)); // SSL then junk
                    case 4 -> concat(startupPacket(80877104, new byte[0]), startupPacket(196608,
                            RawPgClient.cstring("user")));
                    default -> lengthOnly(random);
                };
                socket.getOutputStream().write(packet);
                messages += 1;
                drain(socket.getInputStream());
            } catch (IOException e) {
                // the proxy closing first is fine
            }
        }
        return messages;
    }

    /** One logged-in session fed pipelines until a broken message ends it. */
    private int sessionFuzz(Random random) throws IOException {
        int messages = 0;
        try (RawPgClient client = RawPgClient.tls(listener.port())) {
            client.login(CONNECTION, agentToken());
            Thread reader = Thread.ofVirtual().start(() -> drainMessages(client.input()));
            ByteArrayOutputStream batch = new ByteArrayOutputStream();
            boolean broken = false;
            while (!broken && messages < 2_000) {
                int dice = random.nextInt(1000);
                if (dice < 2) {
                    batch.writeBytes(mutated(random));
                    broken = true;
                } else if (dice < 5) {
                    batch.writeBytes(statement(random));
                } else {
                    batch.writeBytes(harmless(random));
                }
                messages++;
                if (batch.size() > 16_384 || broken) {
                    client.write(batch.toByteArray());
                    batch.reset();
                }
            }
            client.write(batch.toByteArray());
            // Sync then Terminate: a session the broken message did not end ends here, so the reader sees EOF.
            client.write(RawPgClient.message('S', new byte[0]));
            client.write(RawPgClient.message('X', new byte[0]));
            client.flush();
            reader.join(30_000);
        } catch (IOException e) {
            // the proxy ended the session after a broken message
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return messages;
    }

    private void drainMessages(InputStream in) {
        try {
            java.io.DataInputStream data = new java.io.DataInputStream(in);
            while (true) {
                int type = data.read();
                if (type < 0) {
                    return;
                }
                int length = data.readInt();
                byte[] body = data.readNBytes(length - 4);
                if (type == 'E' && new String(body, StandardCharsets.UTF_8).contains("XX000")) {
                    internalErrors.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void drain(InputStream in) {
        try {
            in.readNBytes(65_536);
        } catch (IOException e) {
            // timed out or closed
        }
    }

    private static byte[] harmless(Random random) {
        return switch (random.nextInt(11)) {
            case 0, 1 -> RawPgClient.message('S', new byte[0]);
            case 2 -> RawPgClient.message('H', new byte[0]);
            case 3 -> RawPgClient.message('D', concat(new byte[]{(byte) (random.nextBoolean() ? 'S' : 'P')},
                    RawPgClient.cstring("n" + random.nextInt(50))));
            case 4 -> RawPgClient.message('C', concat(new byte[]{(byte) (random.nextBoolean() ? 'S' : 'P')},
                    RawPgClient.cstring("n" + random.nextInt(50))));
            case 5 -> RawPgClient.message('E', concat(RawPgClient.cstring("p" + random.nextInt(5)), int4(random.nextInt(10))));
            case 6 -> RawPgClient.message('B', concat(RawPgClient.cstring(""), RawPgClient.cstring("s" + random.nextInt(9)),
                    new byte[]{0, 0, 0, 0, 0, 0}));
            case 7 -> RawPgClient.message('d', randomBytes(random, random.nextInt(100)));
            case 8 -> RawPgClient.message(random.nextBoolean() ? 'c' : 'f', random.nextBoolean() ? new byte[0]
                    : RawPgClient.cstring("stop"));
            case 9 -> RawPgClient.message('Q', RawPgClient.cstring(""));
            default -> RawPgClient.message('P', concat(RawPgClient.cstring(""), RawPgClient.cstring(""), new byte[]{0, 0}));
        };
    }

    private static byte[] statement(Random random) {
        if (random.nextBoolean()) {
            return RawPgClient.message('Q', RawPgClient.cstring("SELECT " + random.nextInt(1000)));
        }
        return concat(RawPgClient.message('P', concat(RawPgClient.cstring(""), RawPgClient.cstring("SELECT $1::int"),
                        new byte[]{0, 0})),
                RawPgClient.message('B', concat(RawPgClient.cstring(""), RawPgClient.cstring(""), new byte[]{0, 0, 0, 1},
                        int4(1), new byte[]{'7'}, new byte[]{0, 0})),
                RawPgClient.message('D', concat(new byte[]{'P'}, RawPgClient.cstring(""))),
                RawPgClient.message('E', concat(RawPgClient.cstring(""), int4(0))),
                RawPgClient.message('S', new byte[0]));
    }

    private static byte[] mutated(Random random) {
        byte[] base = harmless(random);
        return switch (random.nextInt(5)) {
            case 0 -> {
                for (int i = 5; i < base.length; i++) {
                    if (random.nextInt(3) == 0) {
                        base[i] = (byte) random.nextInt(256);
                    }
                }
                yield concat(base, RawPgClient.message('B', randomBytes(random, 3)));
            }
            case 1 -> RawPgClient.message((char) random.nextInt(256), randomBytes(random, random.nextInt(300)));
            case 2 -> RawPgClient.message('B', concat(RawPgClient.cstring(""), RawPgClient.cstring(""), new byte[]{0, 0, 0, 5}));
            case 3 -> new byte[]{'Q', 0, 0, 0, 2};
            default -> new byte[]{'Q', 0x7f, 0, 0, 0}; // claims ~2 GB
        };
    }

    private static byte[] lengthOnly(Random random) {
        int length = random.nextBoolean() ? random.nextInt(8) : 10_001 + random.nextInt(1_000_000);
        return int4(length);
    }

    private static byte[] startupPacket(int code, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RawPgClient.writeInt(out, body.length + 8);
        RawPgClient.writeInt(out, code);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] int4(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        RawPgClient.writeInt(out, value);
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Leaks are reported when a leaked buffer is collected and another allocation is tracked. */
    private void provokeLeakReports() throws InterruptedException, SQLException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            try (Connection connection = connect(agentToken())) {
                connection.createStatement().execute("SELECT 1");
            }
        }
    }
}
