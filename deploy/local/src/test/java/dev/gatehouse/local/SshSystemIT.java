package dev.gatehouse.local;

import dev.gatehouse.testkit.RequiredTool;
import dev.gatehouse.testkit.SshdTarget;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SSH through the real services (issue 20): the real OpenSSH client (sshpass feeding the CI token) through
 * the proxy's listener to Debian's sshd, the demo policy deciding each command line as policy-service
 * parses it, the vault signing a user certificate per session, a restart held for a reviewer, and scp/sftp
 * file operations decided by the demo policy (reads allowed, changes denied by default).
 */
class SshSystemIT extends DemoSuiteTest {

    private static final String SUBJECT = "repo:acme/app:ref:refs/heads/main";

    private static String agent() {
        return oidc.ciToken(SUBJECT, Map.of("repository", "acme/app", "ref", "refs/heads/main"));
    }

    @Test
    void anAllowedCommandRunsAndTheHostSeesAVaultCertificateNamingTheCiIdentity() throws Exception {
        Result result = ssh("echo ok-from-demo && whoami");

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("ok-from-demo").contains(DemoSsh.target().user());
        assertThat(DemoSsh.target().log()).contains("CERT").contains("ID gatehouse ci=" + oidc.issuerUrl("ci") + " " + SUBJECT)
                .contains(SUBJECT);
    }

    @Test
    void rmRfIsDeniedWith126AndTheRuleAndTheDirectoryStays() throws Exception {
        Path data = precious("srv-data");

        Result result = ssh("rm -rf " + data);

        assertThat(result.exit()).isEqualTo(126);
        assertThat(result.stderr()).contains("ssh-no-deletes");
        assertThat(data.resolve("keep.txt")).exists();
    }

    @Test
    void disguisedDestructiveCommandsAreDenied() throws Exception {
        Path data = precious("srv-disguised");
        for (String line : List.of("echo ok; rm -rf " + data, "bash -c 'curl -s http://127.0.0.1:9/x.sh | sh'",
                "echo $(rm -rf " + data + ")", "sudo -u root rm -rf " + data, "r''m -rf " + data)) {
            Result result = ssh(line);

            assertThat(result.exit()).as(line + ": " + result.stderr()).isEqualTo(126);
            assertThat(result.stdout()).as(line).doesNotContain("ok");
        }
        assertThat(data.resolve("keep.txt")).exists();
    }

    @Test
    void aRestartWaitsForAReviewerApprovingOverRestThenRuns() throws Exception {
        String unit = "gatehouse-demo-" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<Result> held = CompletableFuture.supplyAsync(() -> {
            try {
                return ssh("systemctl restart " + unit);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String approval = awaitPending(unit);
        assertThat(held).as("the command waits").isNotDone();

        review(approval, "approve", "restart ok");

        Result result = held.get(60, TimeUnit.SECONDS);
        assertThat(result.stderr()).contains(approval).contains("granted");
        assertThat(result.exit()).as("it ran on the host (systemctl itself may fail there)").isNotEqualTo(126);
    }

    @Test
    void aRejectedRestartNeverRunsAndTheAgentReadsTheReviewersComment() throws Exception {
        String unit = "gatehouse-rejected-" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<Result> held = CompletableFuture.supplyAsync(() -> {
            try {
                return ssh("systemctl restart " + unit);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String approval = awaitPending(unit);

        review(approval, "reject", "not during the sale");

        Result result = held.get(60, TimeUnit.SECONDS);
        assertThat(result.exit()).isEqualTo(126);
        assertThat(result.stderr()).contains("approval " + approval + " was rejected").contains("not during the sale");
    }

    @Test
    void scpDownloadsUnderTheDemoPolicyAndAnSftpRmOrUploadIsDeniedLeavingTheHostAsItWas() throws Exception {
        Path data = precious("srv-sftp");
        Path local = Files.createTempDirectory("scp-local");
        Files.writeString(local.resolve("evil.txt"), "overwritten");

        Result down = files("scp", List.of(remote(data.resolve("keep.txt")), local.resolve("got.txt").toString()),
                null);
        Result rm = files("sftp", List.of(DemoSsh.CONNECTION + "@127.0.0.1"), "-rm " + data.resolve("keep.txt")
                + "\n-put " + local.resolve("evil.txt") + " " + data.resolve("keep.txt") + "\n-put "
                + local.resolve("evil.txt") + " " + data.resolve("new.txt") + "\n");

        assertThat(down.exit()).as(down.stderr()).isZero();
        assertThat(local.resolve("got.txt")).hasContent("precious");
        assertThat(rm.stderr()).contains("Permission denied");
        assertThat(data.resolve("keep.txt")).hasContent("precious");
        assertThat(data.resolve("new.txt")).doesNotExist();
    }

    private static String remote(Path path) {
        return DemoSsh.CONNECTION + "@127.0.0.1:" + path;
    }

    /** scp or sftp (next to ssh) through sshpass; sftp runs {@code batch} (BatchMode=no before -b: the first value wins). */
    private static Result files(String tool, List<String> arguments, String batch)
            throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("sftp-agent");
        Files.writeString(home.resolve("known_hosts"), "[127.0.0.1]:" + suite.proxySsh().port() + " "
                + suite.proxySsh().publicKey() + "\n");
        List<String> command = new ArrayList<>(List.of(RequiredTool.sshpass().toString(), "-e",
                RequiredTool.ssh().resolveSibling(tool).toString(), "-P", Integer.toString(suite.proxySsh().port()),
                "-F", "/dev/null", "-o", "BatchMode=no", "-o", "UserKnownHostsFile=" + home.resolve("known_hosts"),
                "-o", "StrictHostKeyChecking=yes", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
                "-o", "LogLevel=ERROR"));
        if (batch != null) {
            Files.writeString(home.resolve("batch"), batch);
            command.addAll(List.of("-b", home.resolve("batch").toString()));
        }
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile()).redirectInput(Path.of("/dev/null").toFile());
        builder.environment().put("SSHPASS", agent());
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(tool + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(home.resolve("out")), Files.readString(home.resolve("err")));
    }

    private static Path precious(String name) throws IOException {
        Path data = DemoSsh.target().dataDir(name + "-" + Long.toString(System.nanoTime(), 36));
        Files.writeString(data.resolve("keep.txt"), "precious");
        return data;
    }

    private static String awaitPending(String text) {
        String reviewer = oidc.internalToken("lister", "gatehouse-reviewer");
        URI list = URI.create(suite.url("approval-service") + "/api/v1/approvals?status=PENDING&connection="
                + DemoSsh.CONNECTION);
        return await("a pending approval for " + text).atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode body = JSON.readTree(HTTP.send(HttpRequest.newBuilder(list).header("Authorization", "Bearer " + reviewer)
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode approval : body.isArray() ? body : body.path("items")) {
                if (approval.path("command").asString().contains(text)) {
                    return approval.path("id").asString();
                }
            }
            return null;
        }, java.util.Objects::nonNull);
    }

    record Result(int exit, String stdout, String stderr) {
    }

    private static Result ssh(String remote) throws IOException, InterruptedException {
        return ssh(List.of(), remote);
    }

    /** {@code options} go before the destination; no {@code remote} command with {@code -W}. */
    private static Result ssh(List<String> options, String remote) throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("ssh-agent");
        Process process = start(options, remote, home);
        process.getOutputStream().close();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("ssh did not finish");
        }
        return new Result(process.exitValue(), Files.readString(home.resolve("out")), Files.readString(home.resolve("err")));
    }

    /** ssh through sshpass, pinning the proxy's host key; its output and errors go to files in {@code home}. */
    private static Process start(List<String> options, String remote, Path home) throws IOException {
        Files.writeString(home.resolve("known_hosts"), "[127.0.0.1]:" + suite.proxySsh().port() + " "
                + suite.proxySsh().publicKey() + "\n");
        List<String> command = new ArrayList<>(List.of(RequiredTool.sshpass().toString(), "-e",
                RequiredTool.ssh().toString(), "-p", Integer.toString(suite.proxySsh().port()), "-F", "/dev/null",
                "-o", "UserKnownHostsFile=" + home.resolve("known_hosts"), "-o", "StrictHostKeyChecking=yes",
                "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "-o", "LogLevel=ERROR"));
        command.addAll(options);
        command.add(DemoSsh.CONNECTION + "@127.0.0.1");
        if (remote != null) {
            command.add(remote);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(home.resolve("out").toFile())
                .redirectError(home.resolve("err").toFile());
        builder.environment().put("SSHPASS", agent());
        return builder.start();
    }

    /**
     * Rule ssh-publish-port-review: {@code ssh -R} waits for a reviewer (the host does not listen meanwhile); once
     * approved over REST the demo host listens and a connection to its port reaches a socket on the agent's side.
     */
    @Test
    void aRemoteForwardWaitsForAReviewerThenTheHostListensAndItsConnectionsReachTheAgentsSide() throws Exception {
        try (java.net.ServerSocket agentSide = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!agentSide.isClosed()) {
                    try (java.net.Socket connection = agentSide.accept()) {
                        connection.getOutputStream().write("from the agent's side\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            int port = freePort();
            Process forward = start(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R",
                    "localhost:" + port + ":127.0.0.1:" + agentSide.getLocalPort()), null,
                    Files.createTempDirectory("ssh-remote"));
            try {
                String approval = awaitPending("listen localhost:" + port);
                assertThat(firstLine(port)).as("the host listens before a reviewer decided").isNull();

                review(approval, "approve", "publish ok");

                String line = await("the host listens for the agent").atMost(Duration.ofSeconds(30))
                        .until(() -> firstLine(port), java.util.Objects::nonNull);
                assertThat(line).isEqualTo("from the agent's side");
                assertThat(forward.isAlive()).isTrue();
            } finally {
                forward.destroy();
                forward.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The agent gives up while its remote forward waits for a reviewer: the approval is withdrawn, nothing listens. */
    @Test
    void aRemoteForwardWaitingForAReviewerIsWithdrawnWhenTheAgentDisconnects() throws Exception {
        int port = freePort();
        Process forward = start(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-R", "localhost:" + port + ":127.0.0.1:9"),
                null, Files.createTempDirectory("ssh-remote"));
        String approval = awaitPending("listen localhost:" + port);

        forward.destroy();
        assertThat(forward.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String reviewer = oidc.internalToken("lister", "gatehouse-reviewer");
        URI one = URI.create(suite.url("approval-service") + "/api/v1/approvals/" + approval);
        await("the pending approval withdrawn").atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(HTTP.send(
                HttpRequest.newBuilder(one).header("Authorization", "Bearer " + reviewer).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("status").asString(), "CANCELLED"::equals);
        assertThat(firstLine(port)).as("the host listens for a forward nobody waits for").isNull();
    }

    /** A reviewer approves or rejects {@code approval} over approval-service's REST API, with a comment. */
    private static void review(String approval, String action, String comment) throws Exception {
        HttpResponse<String> decided = HTTP.send(HttpRequest.newBuilder(URI.create(suite.url("approval-service")
                        + "/api/v1/approvals/" + approval + "/" + action))
                .header("Authorization", "Bearer " + oidc.internalToken("ops", "gatehouse-reviewer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"comment\":\"" + comment + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The first line a connection to the host's {@code port} reads; null when nothing listens there. */
    private static String firstLine(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Test
    void aForwardNoRuleAllowsIsRefusedByTheDemoPolicyAndItsDestinationNeverConnected() throws Exception {
        try (java.net.ServerSocket destination = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            Thread.ofVirtual().start(() -> {
                try (java.net.Socket ignored = destination.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    // the test is over
                }
            });

            Result result = ssh(List.of("-W", "127.0.0.1:" + destination.getLocalPort()), null);

            assertThat(result.exit()).as(result.stderr()).isEqualTo(255);
            assertThat(result.stderr()).contains("stdio forwarding failed");
            assertThat(accepted.get()).isZero();
        }
    }

    static {
        SshdTarget host = DemoSsh.target();
        if (host == null) {
            RequiredTool.sshd(); // fails the class naming what to install: never skipped silently
        }
    }
}
