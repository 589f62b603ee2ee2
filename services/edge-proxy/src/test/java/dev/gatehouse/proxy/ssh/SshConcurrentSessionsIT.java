package dev.gatehouse.proxy.ssh;

import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.RequiredTool;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller opening more SSH sessions at once than it may, with the real OpenSSH client: the one too many is
 * refused at login, before anything is decided, and a slot frees when a session ends. No time limit here: the
 * sessions must stay open however slowly a loaded machine logs them in.
 */
@TestPropertySource(properties = "gatehouse.proxy.ssh.max-sessions-per-caller=2")
class SshConcurrentSessionsIT extends SshListenerTest {

    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @Test
    void aCallerBeyondItsConcurrentSessionsIsRefusedAtLoginAndMayLogInAgainOnceOneEnds() throws Exception {
        List<Process> open = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Path output = temp("ssh-limit").resolve("stdout");
                outputs.add(output);
                open.add(background(output));
            }
            Awaitility.await("both sessions running").atMost(Duration.ofSeconds(60))
                    .until(() -> outputs.stream().allMatch(SshConcurrentSessionsIT::ticked));
            int decided = POLICY.decided.size();

            Result third = ssh(CONNECTION, agentToken(), "echo third-session-ran");

            assertThat(third.exit()).isEqualTo(255);
            assertThat(third.stderr()).contains("already has 2 SSH sessions open");
            assertThat(third.stdout()).doesNotContain("third-session-ran");
            assertThat(POLICY.decided).as("nothing of the refused session was decided").hasSize(decided);
            JsonNode refusal = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                    && event.path("operation").path("attributes").path("refusal").asString()
                    .contains("already has 2 SSH sessions open")));
            assertThat(refusal.path("identity").path("subject").asString()).isEqualTo("repo:acme/app:ref:refs/heads/main");

            for (Process process : open) {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            Result later = Awaitility.await("a session slot free again").atMost(Duration.ofSeconds(30))
                    .until(() -> ssh(CONNECTION, agentToken(), "echo later-ran"), r -> r.exit() == 0);
            assertThat(later.stdout()).contains("later-ran");
        } finally {
            open.forEach(Process::destroyForcibly);
        }
    }

    private static boolean ticked(Path output) {
        try {
            return Files.exists(output) && Files.readString(output).contains(TICK);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private Process background(Path output) throws Exception {
        List<String> command = List.of(RequiredTool.sshpass().toString(), "-e", RequiredTool.ssh().toString(), "-p",
                Integer.toString(listener.port()), "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no", "-o", "LogLevel=ERROR",
                CONNECTION + "@127.0.0.1", TICKING);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SSHPASS", agentToken());
        return builder.start();
    }
}
