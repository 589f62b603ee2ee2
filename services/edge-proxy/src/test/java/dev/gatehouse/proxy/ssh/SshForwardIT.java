package dev.gatehouse.proxy.ssh;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.RequiredTool;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Port and agent forwarding with the real OpenSSH client ({@code ssh -N -L}, {@code -R}, {@code -A}) through the
 * listener to the real sshd: an allowed local forward is made by the host and carries real bytes to a TCP echo
 * server; a refused one never reaches its destination (a listening socket counts the connections it accepts).
 */
class SshForwardIT extends SshListenerTest {

    private static AuditTopic audit;
    private static final Echo ECHO = new Echo();
    /** The same host as the echo server, another port: no rule allows it. */
    private static final Echo OTHER_PORT = new Echo();
    private final List<Process> clients = new ArrayList<>();
    @LocalServerPort
    int httpPort;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void close() throws IOException {
        audit.close();
        ECHO.server.close();
        OTHER_PORT.server.close();
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        for (Process client : clients) {
            client.destroy();
            client.waitFor(10, TimeUnit.SECONDS);
        }
        POLICY.decide(SshListenerTest::defaultDecision);
    }

    /** Only 127.0.0.1:<echo port> may be forwarded (the rule a policy writes as {@code commands: ["host:port"]}). */
    private static void allowEchoOnly() {
        String allowed = "\"statement\":\"127.0.0.1:" + ECHO.port() + "\"";
        POLICY.decide(request -> request.contains("\"method\":\"port-forward\"") && request.contains(allowed)
                ? allow(request, "forward-echo") : defaultDecision(request));
    }

    @Test
    void anAllowedLocalForwardCarriesBytesThroughTheHostAndIsAuditedBeforeAndAfter() throws Exception {
        allowEchoOnly();
        int local = forward("127.0.0.1:" + ECHO.port());
        byte[] payload = new byte[3 * 1024 * 1024 + 17]; // more than one SSH window each way
        new java.util.Random(20).nextBytes(payload);

        byte[] echoed = Awaitility.await("the forward answers").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> roundTrip(local, payload), answer -> answer.length > 0);

        assertThat(echoed).hasSize(payload.length).isEqualTo(payload);
        assertThat(ECHO.accepted.get()).isPositive();
        String target = "127.0.0.1:" + ECHO.port();
        JsonNode request = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && target.equals(event.path("operation").path("statement").asString())));
        assertThat(request.path("operation").path("method").asString()).isEqualTo("port-forward");
        assertThat(request.path("ruleId").asString()).isEqualTo("forward-echo");
        JsonNode response = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                && target.equals(event.path("operation").path("statement").asString())
                && request.path("sessionId").asString().equals(event.path("sessionId").asString())));
        assertThat(response.path("seq").asLong()).isGreaterThan(request.path("seq").asLong());
        JsonNode facts = response.path("operation").path("attributes");
        assertThat(facts.path("bytesToHost").asLong()).isEqualTo(payload.length);
        assertThat(facts.path("bytesToAgent").asLong()).isEqualTo(payload.length);
        assertThat(response.has("durationMs")).isTrue();
    }

    /**
     * What deploy/local/smoke.sh does against the local stack (rule ssh-forward-to-web): HTTP through {@code ssh -W}
     * to the proxy's own port. stdin stays open until the answer is in, as an HTTP client's would: Netty drops a
     * connection whose input ends before it answered.
     */
    @Test
    void anAllowedStdioForwardToTheProxysOwnHttpPortIsAnsweredThroughTheHost() throws Exception {
        String allowed = "\"statement\":\"127.0.0.1:" + httpPort + "\"";
        POLICY.decide(request -> request.contains("\"method\":\"port-forward\"") && request.contains(allowed)
                ? allow(request, "forward-web") : defaultDecision(request));
        Path home = temp("ssh-stdio");
        ProcessBuilder builder = new ProcessBuilder(RequiredTool.sshpass().toString(), "-e", RequiredTool.ssh().toString(),
                "-p", Integer.toString(listener.port()), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                "-W", "127.0.0.1:" + httpPort, CONNECTION + "@127.0.0.1").redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile());
        builder.environment().put("SSHPASS", agentToken());
        Process process = builder.start();
        clients.add(process);
        process.getOutputStream().write("GET /actuator/health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        process.getOutputStream().flush();

        Awaitility.await("the answer through ssh -W").atMost(Duration.ofSeconds(20))
                .until(() -> Files.readString(home.resolve("out")).startsWith("HTTP/1."));
        process.getOutputStream().close();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(home.resolve("err"))).isZero();
    }

    @Test
    void aForwardToAnAllowedHostButAnotherPortIsRefusedAndItsDestinationNeverConnected() throws Exception {
        allowEchoOnly();
        int local = forward("127.0.0.1:" + OTHER_PORT.port());

        String answer = Awaitility.await("ssh -L listening").atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> firstBytes(local), java.util.Objects::nonNull);

        assertThat(answer).as("the refused channel is closed on the agent's side").isEmpty();
        String target = "127.0.0.1:" + OTHER_PORT.port();
        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && target.equals(event.path("operation").path("statement").asString())));
        assertThat(decision.path("verdict").asString()).isEqualTo("DENY");
        assertThat(decision.path("ruleId").asString()).isEqualTo("no-forwards");
        assertThat(OTHER_PORT.accepted.get()).as("connections the refused destination accepted").isZero();
        assertThat(clients.getFirst().isAlive()).as("the SSH connection goes on after a refused channel").isTrue();
    }

    @Test
    void aDeniedStdioForwardNeverConnects() throws Exception {
        Result result = ssh(CONNECTION, agentToken(), "-W", "127.0.0.1:" + OTHER_PORT.port(), "");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stderr()).contains("stdio forwarding failed"); // the rule is in the INFO line, see the trail
        assertThat(OTHER_PORT.accepted.get()).isZero();
    }

    @Test
    void aRemoteForwardIsRefusedAndTheRefusalIsAuditedWithTheRule() throws Exception {
        Result result = ssh(CONNECTION, agentToken(), "-o", "ExitOnForwardFailure=yes", "-R",
                "127.0.0.1:0:127.0.0.1:" + ECHO.port(), "echo forwarded");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stdout()).doesNotContain("forwarded");
        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && event.path("operation").path("statement").asString().startsWith("listen 127.0.0.1:")));
        assertThat(decision.path("ruleId").asString()).isEqualTo("no-forwards");
    }

    @Test
    void agentForwardingIsRefusedEvenWhenARuleAllowsItAndTheRefusalIsAudited() throws Exception {
        POLICY.decide(request -> request.contains("\"method\":\"agent-forward\"") ? allow(request, "agents-ok")
                : defaultDecision(request));
        Path agentSocket = temp("ssh-agent-sock").resolve("agent");
        Process agent = new ProcessBuilder(RequiredTool.ssh().getParent().resolve("ssh-agent").toString(), "-D", "-a",
                agentSocket.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        clients.add(agent);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(agentSocket));

        Result result = sshWithAgent(agentSocket, "echo agent=[$SSH_AUTH_SOCK]");

        assertThat(result.stdout()).as(result.stderr()).contains("agent=[]");
        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && "agent-forward".equals(event.path("operation").path("method").asString())
                && "agents-ok".equals(event.path("ruleId").asString())));
        assertThat(decision.path("operation").path("attributes").path("refusal").asString())
                .contains("does not relay agent forwarding");
    }

    private Result sshWithAgent(Path agentSocket, String command) throws Exception {
        Path home = temp("ssh-agent-fwd");
        List<String> line = new ArrayList<>(List.of(RequiredTool.sshpass().toString(), "-e",
                RequiredTool.ssh().toString(), "-p", Integer.toString(listener.port()), "-F", "/dev/null", "-A",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
                "-o", "LogLevel=ERROR", CONNECTION + "@127.0.0.1", command));
        ProcessBuilder builder = new ProcessBuilder(line).redirectError(home.resolve("stderr").toFile())
                .redirectOutput(home.resolve("stdout").toFile());
        builder.environment().put("SSHPASS", agentToken());
        builder.environment().put("SSH_AUTH_SOCK", agentSocket.toString());
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(home.resolve("stdout")),
                Files.readString(home.resolve("stderr")));
    }

    /** {@code ssh -N -L <free port>:destination} in the background; the local port. */
    private int forward(String destination) throws IOException {
        int local;
        try (ServerSocket probe = new ServerSocket(0)) {
            local = probe.getLocalPort();
        }
        Path home = temp("ssh-forward");
        List<String> command = List.of(RequiredTool.sshpass().toString(), "-e", RequiredTool.ssh().toString(), "-p",
                Integer.toString(listener.port()), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                "-N", "-L", "127.0.0.1:" + local + ":" + destination, CONNECTION + "@127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(home.resolve("stderr").toFile())
                .redirectOutput(home.resolve("stdout").toFile());
        builder.environment().put("SSHPASS", agentToken());
        clients.add(builder.start());
        return local;
    }

    /** Sends through the forward (on a thread of its own) and reads what comes back until the far side closes. */
    private static byte[] roundTrip(int local, byte[] payload) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", local)) {
            socket.setSoTimeout(10_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(payload);
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException ignored) {
                    // the read side reports it: less comes back
                }
            });
            InputStream in = socket.getInputStream();
            byte[] answer = in.readAllBytes();
            writer.join();
            return answer;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** Connects without sending and reads what comes first; "" when ssh closed the socket (the channel was refused). */
    private static String firstBytes(int local) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", local)) {
            socket.setSoTimeout(5000);
            byte[] first = new byte[64];
            int read = socket.getInputStream().read(first);
            return read < 0 ? "" : new String(first, 0, read, StandardCharsets.US_ASCII);
        }
    }

    /** A TCP echo server that counts the connections it accepts. */
    private static final class Echo {

        final ServerSocket server;
        final AtomicInteger accepted = new AtomicInteger();

        Echo() {
            try {
                server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Thread.ofVirtual().start(this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> echo(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void echo(Socket socket) {
            try (socket) {
                socket.getInputStream().transferTo(socket.getOutputStream());
            } catch (IOException ignored) {
                // the forward went away
            }
        }
    }
}
