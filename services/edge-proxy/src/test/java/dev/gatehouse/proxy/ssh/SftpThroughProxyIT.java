package dev.gatehouse.proxy.ssh;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.RequiredTool;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.extensions.CopyFileExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real sftp and scp clients through the listener to a real sshd: every file operation decided. The
 * stub policy keeps a "protected" directory read-only (rule data-is-read-only) and allows the rest; each
 * refused change is checked on the host's disk, not only in the client's answer.
 */
class SftpThroughProxyIT extends SshListenerTest {

    static final Path PROTECTED = SSHD.dataDir("sftp-protected");
    static final Path UPLOAD = SSHD.dataDir("sftp-upload");
    static SshClient mina;

    @BeforeAll
    static void minaClient() {
        mina = SshClient.setUpDefaultClient();
        mina.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        mina.start();
    }

    @AfterAll
    static void stopMina() {
        mina.stop();
    }

    @BeforeEach
    void protectTheData() throws IOException {
        Files.writeString(PROTECTED.resolve("keep.txt"), "precious");
        POLICY.decide(SftpThroughProxyIT::decision);
    }

    /** A change to a path under PROTECTED is denied; legacy scp into it is denied as a command. */
    static String decision(String body) {
        boolean sftp = body.contains("\"method\":\"sftp\"");
        boolean reading = body.contains("\"statement\":\"read\"") || body.contains("\"statement\":\"list\"");
        if (sftp && !reading && body.contains(PROTECTED.toString())
                || body.contains("scp -t") && body.contains(PROTECTED.toString())) {
            return "{\"verdict\":\"DENY\",\"ruleId\":\"data-is-read-only\",\"reason\":\"files under it never change\"}";
        }
        return allow(body, "files-allowed");
    }

    @Test
    void sftpPutsAndGetsAFileOnTheHost() throws Exception {
        Path local = temp("sftp-local");
        Files.writeString(local.resolve("app.conf"), "listen 8080\n");

        Result result = sftp("put " + local.resolve("app.conf") + " " + UPLOAD.resolve("app.conf"),
                "get " + UPLOAD.resolve("app.conf") + " " + local.resolve("back.conf"), "ls " + UPLOAD);

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(UPLOAD.resolve("app.conf")).hasContent("listen 8080\n");
        assertThat(local.resolve("back.conf")).hasContent("listen 8080\n");
        assertThat(result.stdout() + result.stderr()).doesNotContain("PRIVATE KEY");
        assertThat(POLICY.decided).anyMatch(body -> body.contains("\"statement\":\"write\"")
                && body.contains(UPLOAD.resolve("app.conf").toString()));
    }

    @Test
    void scpCopiesUpAndDown() throws Exception {
        Path local = temp("scp-local");
        Files.writeString(local.resolve("release.txt"), "v1.2.3");

        Result up = scp(List.of(), local.resolve("release.txt").toString(), remote(UPLOAD.resolve("release.txt")));
        Result down = scp(List.of(), remote(UPLOAD.resolve("release.txt")), local.resolve("down.txt").toString());

        assertThat(up.exit()).as(up.stderr()).isZero();
        assertThat(down.exit()).as(down.stderr()).isZero();
        assertThat(UPLOAD.resolve("release.txt")).hasContent("v1.2.3");
        assertThat(local.resolve("down.txt")).hasContent("v1.2.3");
    }

    @Test
    void sftpRmOfAProtectedFileIsRefusedAndTheFileStays() throws Exception {
        Result result = sftp("rm " + PROTECTED.resolve("keep.txt"));

        assertThat(result.exit()).isNotZero();
        assertThat(result.stderr()).contains("Permission denied");
        assertThat(PROTECTED.resolve("keep.txt")).hasContent("precious");
    }

    @Test
    void everyOtherChangeToAProtectedPathIsRefusedToo() throws Exception {
        Path local = temp("sftp-evil");
        Files.writeString(local.resolve("evil.txt"), "overwritten");

        Result result = sftp("-put " + local.resolve("evil.txt") + " " + PROTECTED.resolve("keep.txt"),
                "-rename " + PROTECTED.resolve("keep.txt") + " " + UPLOAD.resolve("stolen.txt"),
                "-rename " + UPLOAD + " " + PROTECTED.resolve("moved"),
                "-chmod 000 " + PROTECTED.resolve("keep.txt"), "-mkdir " + PROTECTED.resolve("new"),
                "-rmdir " + PROTECTED, "-ln -s /etc/passwd " + PROTECTED.resolve("link"));

        assertThat(result.stderr()).contains("Permission denied");
        assertThat(PROTECTED.resolve("keep.txt")).hasContent("precious").isReadable();
        assertThat(UPLOAD.resolve("stolen.txt")).doesNotExist();
        assertThat(PROTECTED.resolve("moved")).doesNotExist();
        assertThat(PROTECTED.resolve("new")).doesNotExist();
        assertThat(PROTECTED.resolve("link")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(PROTECTED.resolve("keep.txt"))).isNotEmpty();
    }

    @Test
    void aSymlinkIntoTheProtectedDirectoryDoesNotMoveARemovePastTheRule() throws Exception {
        Path link = UPLOAD.resolve("innocent");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, PROTECTED);

        Result result = sftp("rm " + link.resolve("keep.txt"));

        assertThat(result.stderr()).contains("Permission denied");
        assertThat(PROTECTED.resolve("keep.txt")).hasContent("precious");
    }

    @Test
    void theRefusalsStatusMessageNamesTheRule() throws Exception {
        try (ClientSession session = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThatThrownBy(() -> sftp.remove(PROTECTED.resolve("keep.txt").toString()))
                    .isInstanceOfSatisfying(SftpException.class, e -> {
                        assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains("denied by Gatehouse policy rule data-is-read-only");
                    });
        }
        assertThat(PROTECTED.resolve("keep.txt")).hasContent("precious");
    }

    @Test
    void aServerSideCopyExtensionIsNotOffered() throws Exception {
        try (ClientSession session = login(); SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            CopyFileExtension copy = sftp.getExtension(CopyFileExtension.class);

            assertThatThrownBy(() -> copy.copyFile(PROTECTED.resolve("keep.txt").toString(),
                    UPLOAD.resolve("copied.txt").toString(), true)).isInstanceOfSatisfying(SftpException.class,
                    e -> assertThat(e.getStatus()).isEqualTo(SftpConstants.SSH_FX_OP_UNSUPPORTED));
        }
        assertThat(UPLOAD.resolve("copied.txt")).doesNotExist();
    }

    @Test
    void legacyScpIsAnExecDecidedAsACommand() throws Exception {
        Path local = temp("scp-legacy");
        Files.writeString(local.resolve("keep.txt"), "overwritten");

        Result denied = scp(List.of("-O"), local.resolve("keep.txt").toString(), remote(PROTECTED.resolve("keep.txt")));
        Result allowed = scp(List.of("-O"), local.resolve("keep.txt").toString(), remote(UPLOAD.resolve("legacy.txt")));

        assertThat(denied.exit()).isNotZero();
        assertThat(denied.stderr()).contains("denied by Gatehouse policy rule data-is-read-only");
        assertThat(PROTECTED.resolve("keep.txt")).hasContent("precious");
        assertThat(allowed.exit()).as(allowed.stderr()).isZero();
        assertThat(UPLOAD.resolve("legacy.txt")).hasContent("overwritten");
    }

    @Test
    void anUploadIsAuditedWithItsPathSizeAndContentHashAndARefusalNamesTheRule() throws Exception {
        Path local = temp("sftp-audit");
        String content = "audited-" + Long.toString(System.nanoTime(), 36);
        Files.writeString(local.resolve("a.txt"), content);
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path target = UPLOAD.resolve("audited-" + Long.toString(System.nanoTime(), 36) + ".txt");

        Result result = sftp("put " + local.resolve("a.txt") + " " + target, "-rm " + PROTECTED.resolve("keep.txt"));

        assertThat(result.exit()).as(result.stderr()).isZero();
        try (AuditTopic audit = new AuditTopic(KAFKA.bootstrapServers())) {
            JsonNode request = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                    && event.path("operation").path("statement").asString().equals("write " + target)));
            assertThat(request.path("operation").path("method").asString()).isEqualTo("sftp");
            JsonNode response = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                    && event.path("operation").path("statement").asString().equals("write " + target)));
            assertThat(response.path("operation").path("attributes").path("bytes").asString())
                    .isEqualTo(Integer.toString(content.length()));
            assertThat(response.path("operation").path("attributes").path("sha256").asString()).isEqualTo(sha256);
            assertThat(request.path("seq").asLong()).isLessThan(response.path("seq").asLong());
            JsonNode refused = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                    && event.path("operation").path("statement").asString()
                    .equals("remove " + PROTECTED.resolve("keep.txt"))));
            assertThat(refused.path("ruleId").asString()).isEqualTo("data-is-read-only");
            assertThat(audit.everything()).doesNotContain("PRIVATE KEY");
        }
        assertThat(PROTECTED.resolve("keep.txt")).hasContent("precious");
    }

    private ClientSession login() throws IOException {
        ClientSession session = mina.connect(CONNECTION, "127.0.0.1", listener.port()).verify(Duration.ofSeconds(10))
                .getSession();
        session.addPasswordIdentity(agentToken());
        session.auth().verify(Duration.ofSeconds(10));
        return session;
    }

    private static String remote(Path path) {
        return CONNECTION + "@127.0.0.1:" + path;
    }

    /** The real sftp client running {@code commands} as a batch (a leading '-' lets the batch go on after a failure). */
    private Result sftp(String... commands) throws IOException, InterruptedException {
        Path batch = temp("sftp-batch").resolve("batch");
        Files.writeString(batch, String.join("\n", commands) + "\n");
        List<String> command = new ArrayList<>(List.of(sibling("sftp"), "-P", Integer.toString(listener.port())));
        command.addAll(clientOptions());
        command.addAll(List.of("-b", batch.toString(), CONNECTION + "@127.0.0.1"));
        return run(command);
    }

    private Result scp(List<String> options, String from, String to) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(sibling("scp"), "-P", Integer.toString(listener.port())));
        command.addAll(clientOptions());
        command.addAll(options);
        command.addAll(List.of(from, to));
        return run(command);
    }

    /** BatchMode=no before sftp's -b (which turns it on): the first value wins, so the token can be typed. */
    private List<String> clientOptions() throws IOException {
        Path knownHosts = temp("sftp-agent").resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + listener.port() + " " + listener.publicKey() + "\n");
        return List.of("-F", "/dev/null", "-o", "BatchMode=no", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "PreferredAuthentications=keyboard-interactive,password",
                "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "-o", "LogLevel=ERROR");
    }

    private static String sibling(String tool) {
        return RequiredTool.ssh().resolveSibling(tool).toString();
    }

    private static Result run(List<String> client) throws IOException, InterruptedException {
        Path out = temp("sftp-run");
        List<String> command = new ArrayList<>(List.of(RequiredTool.sshpass().toString(), "-e"));
        command.addAll(client);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(out.resolve("stderr").toFile())
                .redirectOutput(out.resolve("stdout").toFile()).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        builder.environment().put("SSHPASS", agentToken());
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", client) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out.resolve("stdout")),
                Files.readString(out.resolve("stderr")));
    }
}
