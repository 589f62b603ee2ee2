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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Port and agent forwarding with the real OpenSSH client ({@code ssh -N -L}, {@code -R}, {@code -A}) through the
 * listener to the real sshd: an allowed local forward is made by the host and carries real bytes to a TCP echo
 * server; a refused one never reaches its destination (a listening socket counts the connections it accepts). An
 * allowed remote forward is listened for by the host's sshd and its connections reach the agent's side; a refused
 * one leaves the port closed. An allowed agent forward lets the host list a real ssh-agent's key; a denied one
 * runs the command without an agent.
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
    void anAllowedRemoteForwardIsListenedForByTheHostAndCarriesItsConnectionsToTheAgentsSide() throws Exception {
        int port = freePort();
        String listen = "listen 127.0.0.1:" + port;
        POLICY.decide(request -> request.contains("\"method\":\"port-forward\"")
                && request.contains("\"statement\":\"" + listen + "\"") ? allow(request, "forward-back")
                : defaultDecision(request));
        Process ssh = remoteForward("127.0.0.1:" + port + ":127.0.0.1:" + ECHO.port(), "ERROR");
        byte[] payload = new byte[2 * 1024 * 1024 + 5]; // more than one SSH window each way
        new java.util.Random(21).nextBytes(payload);
        int before = ECHO.accepted.get();

        // the host's sshd listens (this test's host is this machine); its connections come back to the agent's echo
        byte[] echoed = Awaitility.await("the host listens").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> roundTrip(port, payload), answer -> answer.length > 0);

        assertThat(echoed).isEqualTo(payload);
        assertThat(ECHO.accepted.get()).isEqualTo(before + 1);
        JsonNode listening = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && listen.equals(event.path("operation").path("statement").asString())
                && !event.path("operation").path("attributes").has("from")));
        assertThat(listening.path("ruleId").asString()).isEqualTo("forward-back");
        JsonNode connection = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && listen.equals(event.path("operation").path("statement").asString())
                && event.path("operation").path("attributes").path("from").asString().startsWith("127.0.0.1:")));
        assertThat(connection.path("seq").asLong()).isGreaterThan(listening.path("seq").asLong());
        JsonNode carried = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                && listen.equals(event.path("operation").path("statement").asString())
                && event.path("operation").path("attributes").has("bytesToAgent")));
        assertThat(carried.path("operation").path("attributes").path("bytesToAgent").asLong()).isEqualTo(payload.length);
        assertThat(carried.path("operation").path("attributes").path("bytesToHost").asLong()).isEqualTo(payload.length);

        ssh.destroy();
        assertThat(ssh.waitFor(10, TimeUnit.SECONDS)).isTrue();
        JsonNode ended = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                && listen.equals(event.path("operation").path("statement").asString())
                && event.path("operation").path("attributes").has("connections")));
        assertThat(ended.path("operation").path("attributes").path("connections").asLong()).isEqualTo(1);
        Awaitility.await("the host stops listening with the agent's connection").atMost(Duration.ofSeconds(15))
                .until(() -> !listening(port));
    }

    @Test
    void aConnectionTheHostAcceptsAfterThePolicyChangedNeverReachesTheAgentsSide() throws Exception {
        int port = freePort();
        String listen = "listen 127.0.0.1:" + port;
        POLICY.decide(request -> request.contains("\"statement\":\"" + listen + "\"") ? allow(request, "forward-back")
                : defaultDecision(request));
        remoteForward("127.0.0.1:" + port + ":127.0.0.1:" + ECHO.port(), "ERROR");
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        Awaitility.await("the host listens").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> roundTrip(port, hello), answer -> answer.length > 0);
        int before = ECHO.accepted.get();

        POLICY.decide(SshListenerTest::defaultDecision); // forwards denied from now on

        byte[] answer;
        try {
            answer = roundTrip(port, hello);
        } catch (java.net.SocketException reset) {
            answer = new byte[0]; // sshd resets the connection whose channel was refused
        }
        assertThat(answer).as("what came back through a refused channel").isEmpty();
        assertThat(ECHO.accepted.get()).as("connections the agent's side accepted").isEqualTo(before);
        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && listen.equals(event.path("operation").path("statement").asString())));
        assertThat(decision.path("ruleId").asString()).isEqualTo("no-forwards");
    }

    @Test
    void aRemoteForwardOnPortZeroTellsTheAgentThePortTheHostBound() throws Exception {
        POLICY.decide(request -> request.contains("\"method\":\"port-forward\"")
                && request.contains("\"statement\":\"listen 127.0.0.1:0\"") ? allow(request, "forward-any-port")
                : defaultDecision(request));
        Path err = temp("ssh-remote-zero").resolve("stderr");
        remoteForward("127.0.0.1:0:127.0.0.1:" + ECHO.port(), "INFO", err);

        String allocated = Awaitility.await("ssh prints the allocated port").atMost(Duration.ofSeconds(30))
                .until(() -> java.util.regex.Pattern.compile("Allocated port (\\d+)").matcher(Files.readString(err))
                        .results().map(match -> match.group(1)).findFirst().orElse(null), java.util.Objects::nonNull);
        byte[] payload = "through the host's own port".getBytes(StandardCharsets.US_ASCII);

        assertThat(roundTrip(Integer.parseInt(allocated), payload)).isEqualTo(payload);
    }

    @Test
    void aRemoteForwardOnAnotherPortIsRefusedAndTheHostNeverListens() throws Exception {
        int allowed = freePort();
        int other = freePort();
        POLICY.decide(request -> request.contains("\"statement\":\"listen 127.0.0.1:" + allowed + "\"")
                ? allow(request, "forward-back") : defaultDecision(request));

        Result result = ssh(CONNECTION, agentToken(), "-o", "ExitOnForwardFailure=yes", "-R",
                "127.0.0.1:" + other + ":127.0.0.1:" + ECHO.port(), "echo forwarded");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stdout()).doesNotContain("forwarded");
        assertThat(result.stderr()).contains("remote port forwarding failed for listen port " + other);
        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && ("listen 127.0.0.1:" + other).equals(event.path("operation").path("statement").asString())));
        assertThat(decision.path("ruleId").asString()).isEqualTo("no-forwards");
        assertThat(listening(other)).as("the host listens on the refused port").isFalse();
    }

    @Test
    void anAgentAskingForMoreRemoteForwardsThanOneConnectionMayHoldIsRefusedTheSeventeenth() throws Exception {
        POLICY.decide(request -> request.contains("\"statement\":\"listen 127.0.0.1:0\"")
                ? allow(request, "forward-any-port") : defaultDecision(request));
        // -N: ssh runs until a forward fails (a command could end before the 17th is answered)
        List<String> options = new ArrayList<>(List.of("-N", "-o", "ExitOnForwardFailure=yes"));
        for (int i = 0; i <= RemoteForwards.MAX_LISTENS; i++) {
            options.addAll(List.of("-R", "127.0.0.1:0:127.0.0.1:" + (20000 + i))); // distinct: ssh drops duplicates
        }
        options.add("");

        Result result = ssh(CONNECTION, agentToken(), options.toArray(String[]::new));

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stderr()).contains("remote port forwarding failed");
        JsonNode refusal = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && event.path("operation").path("attributes").path("refusal").asString()
                .contains("at most " + RemoteForwards.MAX_LISTENS + " remote forwards")));
        assertThat(refusal.path("operation").path("statement").asString()).isEqualTo("listen 127.0.0.1:0");
    }

    @Test
    void anAllowedAgentForwardLetsTheHostUseTheAgentsKeysAndEachUseIsAudited() throws Exception {
        POLICY.decide(request -> request.contains("\"method\":\"agent-forward\"") ? allow(request, "agents-ok")
                : defaultDecision(request));
        Path agentSocket = agentWithKey();

        Result result = sshWithAgent(agentSocket, "ssh-add -l");

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("agent-key-for-the-host");
        JsonNode asked = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && "agent-forward".equals(event.path("operation").path("method").asString())));
        assertThat(asked.path("operation").path("statement").asString()).isEqualTo("auth-agent");
        assertThat(asked.path("ruleId").asString()).isEqualTo("agents-ok");
        JsonNode used = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                && "agent-forward".equals(event.path("operation").path("method").asString())
                && asked.path("sessionId").asString().equals(event.path("sessionId").asString())));
        assertThat(used.path("operation").path("attributes").path("bytesToHost").asLong())
                .as("the agent's answer listing its key went to the host").isPositive();
    }

    @Test
    void aDeniedAgentForwardRunsTheCommandWithoutAnAgentAndTheDenialIsAudited() throws Exception {
        Path agentSocket = agentWithKey();

        Result result = sshWithAgent(agentSocket, "echo agent=[$SSH_AUTH_SOCK]; ssh-add -l");

        assertThat(result.stdout()).as(result.stderr()).contains("agent=[]").doesNotContain("agent-key-for-the-host");
        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && "agent-forward".equals(event.path("operation").path("method").asString())
                && "no-forwards".equals(event.path("ruleId").asString())));
        assertThat(decision.path("verdict").asString()).isEqualTo("DENY");
    }

    /** A real ssh-agent holding one fresh key (comment {@code agent-key-for-the-host}); its socket. */
    private Path agentWithKey() throws Exception {
        Path dir = temp("ssh-agent");
        Path agentSocket = dir.resolve("agent");
        Path bin = RequiredTool.ssh().getParent();
        Process agent = new ProcessBuilder(bin.resolve("ssh-agent").toString(), "-D", "-a", agentSocket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        clients.add(agent);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(agentSocket));
        Path key = dir.resolve("key");
        run(List.of(RequiredTool.sshKeygen().toString(), "-q", "-t", "ed25519", "-N", "", "-C", "agent-key-for-the-host",
                "-f", key.toString()), Map.of());
        run(List.of(bin.resolve("ssh-add").toString(), "-q", key.toString()), Map.of("SSH_AUTH_SOCK", agentSocket.toString()));
        return agentSocket;
    }

    private static void run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    /** {@code ssh -N -R spec} in the background, failing when the forward does. */
    private Process remoteForward(String spec, String logLevel) throws IOException {
        return remoteForward(spec, logLevel, temp("ssh-remote").resolve("stderr"));
    }

    private Process remoteForward(String spec, String logLevel, Path stderr) throws IOException {
        List<String> command = List.of(RequiredTool.sshpass().toString(), "-e", RequiredTool.ssh().toString(), "-p",
                Integer.toString(listener.port()), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=" + logLevel,
                "-o", "ExitOnForwardFailure=yes", "-N", "-R", spec, CONNECTION + "@127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SSHPASS", agentToken());
        Process process = builder.start();
        clients.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
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
