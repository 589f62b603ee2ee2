package dev.gatehouse.proxy.ssh;

import dev.gatehouse.testkit.RequiredTool;
import dev.gatehouse.testkit.SshdTarget;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real ssh client runs commands through the listener on a real sshd, with the CI token as password. */
class SshThroughProxyIT extends SshListenerTest {

    @Test
    void anAllowedCommandRunsOnTheHostAndTheAgentGetsItsOutputAndExitStatus() throws Exception {
        Result result = ssh(CONNECTION, agentToken(), "echo hello-from-host; whoami; exit 3");

        assertThat(result.stdout()).as(result.stderr()).contains("hello-from-host").contains(SSHD.user());
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.stdout() + result.stderr()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aDeniedDeleteNeverReachesTheHostAndExitsWith126NamingTheRule() throws Exception {
        Path data = SSHD.dataDir("srv-data");
        Files.writeString(data.resolve("keep.txt"), "precious");

        Result result = ssh(CONNECTION, agentToken(), "rm -rf " + data);

        assertThat(result.exit()).isEqualTo(126);
        assertThat(result.stderr()).contains("denied by Gatehouse policy rule no-deletes");
        assertThat(data.resolve("keep.txt")).exists().hasContent("precious");
    }

    @Test
    void aSecretInTheOutputIsMaskedOnItsWayToTheAgent() throws Exception {
        Result result = ssh(CONNECTION, agentToken(), "echo aws_key=AKIA" + "IOSFODNN7EXAMPLE done");

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout()).doesNotContain("AKIAIOSFODNN7EXAMPLE").contains("done");
    }

    @Test
    void outputReachesTheAgentAsTheHostWritesItNotWhenTheCommandEnds() throws Exception {
        Path home = temp("ssh-live");
        ProcessBuilder builder = new ProcessBuilder(RequiredTool.sshpass().toString(), "-e", RequiredTool.ssh().toString(),
                "-p", Integer.toString(listener.port()), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                CONNECTION + "@127.0.0.1", "echo first-line; printf progress:42%%; sleep 12; echo last-line")
                .redirectOutput(home.resolve("out").toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SSHPASS", agentToken());
        Process process = builder.start();
        try {
            Awaitility.await("the first line and the unfinished one, while the command still runs")
                    .atMost(Duration.ofSeconds(10)).until(() -> Files.readString(home.resolve("out"))
                            .equals("first-line\nprogress:42%"));
            assertThat(process.isAlive()).isTrue();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(home.resolve("out"))).isEqualTo("first-line\nprogress:42%last-line\n");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void aBadTokenIsRefusedAtLoginAndNothingIsDecided() throws Exception {
        int before = POLICY.decided.size();

        Result result = ssh(CONNECTION, "not-a-token", "touch /tmp/should-not-exist-bad-token");

        assertThat(result.exit()).as("sshpass: 5 = wrong password").isEqualTo(5);
        assertThat(result.stderr()).doesNotContain("not-a-token");
        assertThat(POLICY.decided).hasSize(before);
        assertThat(Path.of("/tmp/should-not-exist-bad-token")).doesNotExist();
    }

    @Test
    void anUnknownConnectionIsRefusedAtLogin() throws Exception {
        Result result = ssh("no-such-connection", agentToken(), "true");

        assertThat(result.exit()).as("sshpass: 5 = wrong password").isEqualTo(5);
    }

    @Test
    void anExpiredTokenIsRefusedAtLogin() throws Exception {
        String expired = OIDC.expiredToken(dev.gatehouse.testkit.OidcIssuer.CI, "repo:acme/app:ref:refs/heads/main",
                dev.gatehouse.testkit.OidcIssuer.AGENT_AUDIENCE, java.util.Map.of("repository", "acme/app"));

        Result result = ssh(CONNECTION, expired, "true");

        assertThat(result.exit()).as("sshpass: 5 = wrong password").isEqualTo(5);
    }

    @Test
    void aTokenFromAnIssuerNotTrustedForCallersIsRefusedAtLogin() throws Exception {
        String foreign = OIDC.internalToken("alice", "gatehouse-admin"); // a real signature, the wrong issuer

        Result result = ssh(CONNECTION, foreign, "true");

        assertThat(result.exit()).as("sshpass: 5 = wrong password").isEqualTo(5);
    }

    @Test
    void aHostWhoseKeyIsNotTheConnectionsIsNeverGivenTheCommand() throws Exception {
        Path marker = SSHD.dataDir("pin").resolve("ran");

        Result result = ssh(WRONG_KEY, agentToken(), "touch " + marker);

        assertThat(result.exit()).isEqualTo(126);
        assertThat(result.stderr()).contains("could not run the command on the host");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aRemotePortForwardIsRefused() throws Exception {
        Result result = ssh(CONNECTION, agentToken(), "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:" + SSHD.port(),
                "echo forwarded");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stderr()).contains("remote port forwarding failed");
        assertThat(result.stdout()).doesNotContain("forwarded");
    }

    @Test
    void aLocalForwardToTheHostsNetworkIsRefused() throws Exception {
        // -W is a direct-tcpip channel, what -L opens per connection: it would reach sshd's port past the policy.
        Result result = ssh(CONNECTION, agentToken(), "-W", "127.0.0.1:" + SSHD.port(), "");

        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stderr()).contains("stdio forwarding failed");
        assertThat(result.stdout()).doesNotContain("SSH-2.0-OpenSSH");
    }

    @Test
    void aLocalPortForwardOpensNothingOnTheHostSide() throws Exception {
        int local;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            local = probe.getLocalPort();
        }
        Path home = temp("ssh-forward");
        List<String> command = new java.util.ArrayList<>(List.of(RequiredTool.sshpass().toString(), "-e",
                RequiredTool.ssh().toString(), "-p", Integer.toString(listener.port()), "-F", "/dev/null",
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
                "-o", "LogLevel=ERROR", "-N", "-L", local + ":127.0.0.1:" + SSHD.port(), CONNECTION + "@127.0.0.1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(home.resolve("stderr").toFile())
                .redirectOutput(home.resolve("stdout").toFile());
        builder.environment().put("SSHPASS", agentToken());
        Process forward = builder.start();
        try {
            String answer = org.awaitility.Awaitility.await("ssh -L listening on " + local)
                    .atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
                        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", local)) {
                            socket.setSoTimeout(3000);
                            byte[] first = new byte[64];
                            int read = socket.getInputStream().read(first); // -1: ssh closed it, the forward was refused
                            return read < 0 ? "" : new String(first, 0, read, java.nio.charset.StandardCharsets.US_ASCII);
                        }
                    }, java.util.Objects::nonNull);

            // ssh listened (the connect succeeded after its login), then closed the socket: the channel was refused
            assertThat(answer).as("sshd's banner would mean the forward reached the host").doesNotContain("SSH-2.0");
        } finally {
            forward.destroy();
            forward.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void withACertificateLeaseTheHostSeesTheCertificateAndItsKeyIdNamingTheCiIdentity() throws Exception {
        String keyId = "gatehouse ci=repo:acme/app:ref:refs/heads/main session=it";
        SshdTarget.Certified certified = SSHD.certify(keyId, SSHD.user());
        VAULT.respond(request -> lease(certified.privateKey(), certified.certificate()));

        Result result = ssh(CERTIFIED, agentToken(), "echo via-certificate");

        assertThat(result.stdout()).as(result.stderr()).contains("via-certificate");
        assertThat(SSHD.log()).contains("ID " + keyId);
        assertThat(result.stdout() + result.stderr()).doesNotContain("PRIVATE KEY").doesNotContain("cert-v01");
    }
}
