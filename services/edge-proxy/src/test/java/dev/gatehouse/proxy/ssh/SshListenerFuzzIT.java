package dev.gatehouse.proxy.ssh;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSession;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Malformed input at the SSH listener: random bytes instead of the banner, random binary packets after
 * a valid banner, absurd packet lengths, and odd channel requests from a logged-in client (empty and
 * NUL-bearing exec lines, sftp operations, an unknown subsystem, an agent-forwarding shell with a pty,
 * port forwards to random destinations).
 * Bounded, seeded (printed on failure); afterwards no session is left open, the JVM's threads and file
 * descriptors are back near their baseline, and the listener still runs a real command.
 */
class SshListenerFuzzIT extends SshListenerTest {

    private static final long SEED = Long.getLong("gatehouse.fuzz.seed", 20_201_206L);
    private static final int ROUNDS = 40;

    @Test
    void malformedPacketsEndOnlyTheirOwnConnection() throws Exception {
        assertListenerHealthy("before, seed " + SEED); // threads and pools a first login starts are the baseline's
        int threads = threads();
        long fds = openFiles();
        Random random = new Random(SEED);
        java.util.Set<java.net.SocketAddress> fuzzed = new java.util.HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            byte[] banner = switch (round % 3) {
                case 0 -> randomBytes(random, 1 + random.nextInt(300));
                default -> "SSH-2.0-fuzz_1.0\r\n".getBytes(StandardCharsets.US_ASCII);
            };
            byte[] packet = round % 3 == 2 ? hugeLength(random) : randomBytes(random, 1 + random.nextInt(2000));
            try (Socket socket = new Socket("127.0.0.1", listener.port())) {
                fuzzed.add(socket.getLocalSocketAddress());
                socket.setSoTimeout(150);
                OutputStream out = socket.getOutputStream();
                out.write(banner);
                out.write(packet);
                out.flush();
                drain(socket.getInputStream());
            } catch (IOException expected) {
                // the listener closed the connection: what it should do
            }
        }
        // Only the fuzzed connections: another test class sharing this listener may still be ending one of its own.
        org.awaitility.Awaitility.await("every fuzzed connection closed (seed " + SEED + ")")
                .atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(listener.activeClients())
                        .as("open SSH connections, fuzzed ones from " + fuzzed).doesNotContainAnyElementsOf(fuzzed));
        // No leak: the JVM's threads and open file descriptors come back to (about) where they were.
        org.awaitility.Awaitility.await("threads and file descriptors back to baseline " + threads + "/" + fds
                        + " (seed " + SEED + ")").atMost(Duration.ofSeconds(15))
                .until(() -> threads() <= threads + 4 && openFiles() <= fds + 8);
        assertListenerHealthy("seed " + SEED);
    }

    @Test
    void oddChannelRequestsFromALoggedInClientAreRefusedOrDecided() throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        int before = POLICY.decided.size();
        POLICY.decide(request -> deny("fuzz-deny-all"));
        try (ClientSession session = client.connect(CONNECTION, "127.0.0.1", listener.port())
                .verify(Duration.ofSeconds(10)).getSession()) {
            session.addPasswordIdentity(agentToken());
            session.auth().verify(Duration.ofSeconds(10));
            assertThat(exitOf(session.createExecChannel("echo a\u0000; rm -rf /"))).isEqualTo(ExecJudge.REFUSED);
            assertThat(opens(session.createSubsystemChannel("x11-fuzz"))).as("an unknown subsystem").isFalse();
            java.nio.file.Path kept = SSHD.dataDir("fuzz-sftp").resolve("kept");
            java.nio.file.Files.writeString(kept, "kept");
            try (org.apache.sshd.sftp.client.SftpClient sftp = org.apache.sshd.sftp.client.SftpClientFactory.instance()
                    .createSftpClient(session)) {
                assertThatThrownBy(() -> sftp.remove(kept.toString())).hasMessageContaining("fuzz-deny-all");
                assertThatThrownBy(() -> sftp.remove(kept + "\u0000/../x")).isInstanceOf(IOException.class);
            }
            assertThat(kept).hasContent("kept");
            sftpGarbage(session, new Random(SEED));
            assertThat(kept).as("after malformed sftp packets (seed " + SEED + ")").hasContent("kept");
            ChannelShell shell = session.createShellChannel(new PtyChannelConfiguration(), java.util.Map.of());
            shell.setAgentForwarding(true);
            assertThat(exitOf(shell)).isEqualTo(ExecJudge.REFUSED);
            forwardGarbage(session, new Random(SEED));
            remoteForwardGarbage(session, new Random(SEED));
        } finally {
            client.stop();
            POLICY.decide(SshListenerTest::defaultDecision);
        }
        assertThat(POLICY.decided.size()).as("exec and shell requests went to the gate").isGreaterThan(before);
        assertListenerHealthy("channel requests");
    }

    private void assertListenerHealthy(String context) throws Exception {
        Result result = ssh(CONNECTION, agentToken(), "echo still-serving");
        assertThat(result.stdout()).as(context + ": " + result.stderr()).contains("still-serving");
    }

    /** Length-framed random sftp packets (after a valid INIT) on a subsystem channel, then EOF. */
    private static void sftpGarbage(ClientSession session, Random random) throws IOException {
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        packets.write(new byte[] {0, 0, 0, 5, 1, 0, 0, 0, 3}); // SSH_FXP_INIT, version 3
        for (int i = 0; i < 30; i++) {
            byte[] body = randomBytes(random, 1 + random.nextInt(200));
            body[0] = (byte) (random.nextInt(30) + 1); // a packet type near the real ones
            packets.write(new byte[] {0, 0, (byte) (body.length >> 8), (byte) body.length});
            packets.write(body);
        }
        ChannelSession raw = session.createSubsystemChannel("sftp");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        raw.setIn(new java.io.ByteArrayInputStream(packets.toByteArray()));
        raw.setOut(sink);
        raw.setErr(sink);
        raw.open().verify(Duration.ofSeconds(10));
        raw.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
        raw.close(true);
    }

    private static int threads() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long openFiles() throws IOException {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static Integer exitOf(ChannelSession channel) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        channel.setOut(sink);
        channel.setErr(sink);
        try {
            channel.open().verify(Duration.ofSeconds(10));
        } catch (IOException refused) {
            return null;
        }
        channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
        channel.close(false);
        return channel.getExitStatus();
    }

    private static boolean opens(ChannelSession channel) {
        try {
            channel.open().verify(Duration.ofSeconds(10));
            channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
            return channel.isOpen() && channel.getExitStatus() == null;
        } catch (IOException refused) {
            return false;
        }
    }

    /** direct-tcpip opens to random destinations (control characters, globs, huge names): each refused, none opened. */
    private static void forwardGarbage(ClientSession session, Random random) throws IOException {
        for (int i = 0; i < 12; i++) {
            String host = i % 3 == 0 ? "127.0.0.1" : new String(randomBytes(random, 1 + random.nextInt(300)),
                    StandardCharsets.ISO_8859_1);
            int port = random.nextInt(65536);
            org.apache.sshd.client.channel.ChannelDirectTcpip forward = session.createDirectTcpipChannel(
                    new org.apache.sshd.common.util.net.SshdSocketAddress("fuzz", 0),
                    new org.apache.sshd.common.util.net.SshdSocketAddress(host, port));
            try {
                forward.open().verify(Duration.ofSeconds(10));
                throw new AssertionError("forward " + i + " opened (seed " + SEED + ")");
            } catch (IOException refused) {
                assertThat(refused).as("seed " + SEED).hasRootCauseInstanceOf(
                        org.apache.sshd.common.channel.exception.SshChannelOpenException.class);
                assertThat(((org.apache.sshd.common.channel.exception.SshChannelOpenException) refused.getCause())
                        .getReasonCode()).as("administratively prohibited, seed " + SEED)
                        .isEqualTo(org.apache.sshd.common.SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED);
            }
        }
    }

    /**
     * tcpip-forward and cancel-tcpip-forward global requests with random addresses and ports (control characters,
     * huge names, ports past 65535), and channels only the host may open (forwarded-tcpip, an agent's) opened by
     * the agent: each refused, nothing listening, the connection still answering.
     */
    private static void remoteForwardGarbage(ClientSession session, Random random) throws IOException {
        for (int i = 0; i < 12; i++) {
            String host = i % 4 == 0 ? "127.0.0.1" : new String(randomBytes(random, random.nextInt(300)),
                    StandardCharsets.ISO_8859_1);
            long port = i % 3 == 0 ? random.nextInt(65536) : random.nextLong(1L << 32);
            String request = i % 2 == 0 ? "tcpip-forward" : "cancel-tcpip-forward";
            org.apache.sshd.common.util.buffer.Buffer ask = session.createBuffer(
                    org.apache.sshd.common.SshConstants.SSH_MSG_GLOBAL_REQUEST, 64);
            ask.putString(request);
            ask.putBoolean(true);
            ask.putString(host);
            ask.putUInt(port);
            assertThat(session.request(request, ask, Duration.ofSeconds(20))).as(request + " " + i + " answered with"
                    + " success (seed " + SEED + ")").isNull();
        }
        for (String type : List.of("forwarded-tcpip", "auth-agent@openssh.com")) {
            org.apache.sshd.client.channel.ChannelDirectTcpip disguised = new org.apache.sshd.client.channel.ChannelDirectTcpip(
                    new org.apache.sshd.common.util.net.SshdSocketAddress("fuzz", 0),
                    new org.apache.sshd.common.util.net.SshdSocketAddress("127.0.0.1", 22)) {
                @Override
                public String getChannelType() {
                    return type;
                }
            };
            session.getService(org.apache.sshd.common.session.ConnectionService.class).registerChannel(disguised);
            assertThatThrownBy(() -> disguised.open().verify(Duration.ofSeconds(10))).as(type + " opened by the agent")
                    .isInstanceOf(IOException.class);
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] hugeLength(Random random) {
        byte[] packet = randomBytes(random, 64);
        packet[0] = 0x7f;
        packet[1] = (byte) 0xff;
        return packet;
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + Duration.ofMillis(150).toNanos();
        while (System.nanoTime() < deadline && in.read(buffer) >= 0) {
            // read until the listener closes
        }
    }
}
