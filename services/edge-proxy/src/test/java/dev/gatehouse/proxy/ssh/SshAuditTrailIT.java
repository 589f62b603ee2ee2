package dev.gatehouse.proxy.ssh;

import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What an SSH session leaves in the audit trail: the command and its output masked, the exit status, refusals. */
class SshAuditTrailIT extends SshListenerTest {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";
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
    void aRunIsRecordedWithItsMaskedCommandAndOutputAndExitStatusInOneSession() throws Exception {
        String label = "audit-" + Long.toString(System.nanoTime(), 36);

        Result result = ssh(CONNECTION, agentToken(), "echo " + label + " key=" + AWS_KEY + "; exit 7");

        assertThat(result.exit()).as(result.stderr()).isEqualTo(7);
        JsonNode response = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                && event.path("payload").asString().contains(label)));
        assertThat(response.path("protocol").asString()).isEqualTo("SSH");
        assertThat(response.path("status").asInt()).isEqualTo(7);
        assertThat(response.path("operation").path("attributes").path("exitStatus").asString()).isEqualTo("7");
        assertThat(response.path("operation").path("statement").asString()).contains(label).doesNotContain(AWS_KEY);
        assertThat(response.path("payload").asString()).doesNotContain(AWS_KEY);
        assertThat(response.path("identity").path("subject").asString()).isEqualTo("repo:acme/app:ref:refs/heads/main");
        String session = response.path("sessionId").asString();
        JsonNode request = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && session.equals(event.path("sessionId").asString())));
        JsonNode started = AuditTopic.json(audit.await(event -> "SESSION_STARTED".equals(event.path("kind").asString())
                && session.equals(event.path("sessionId").asString())));
        assertThat(started.path("seq").asLong()).isLessThan(request.path("seq").asLong());
        assertThat(request.path("seq").asLong()).isLessThan(response.path("seq").asLong());
        assertThat(request.path("ruleId").asString()).isEqualTo("run-anything");
        audit.await(event -> "SESSION_ENDED".equals(event.path("kind").asString())
                && session.equals(event.path("sessionId").asString()));
        assertThat(audit.everything()).doesNotContain(AWS_KEY).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aRefusalIsADecisionEventNamingTheRule() throws Exception {
        Path data = SSHD.dataDir("audit-refusal");
        Files.writeString(data.resolve("f"), "x");

        ssh(CONNECTION, agentToken(), "rm -rf " + data);

        JsonNode decision = AuditTopic.json(audit.await(event -> "DECISION".equals(event.path("kind").asString())
                && event.path("operation").path("statement").asString().contains(data.toString())));
        assertThat(decision.path("verdict").asString()).isEqualTo("DENY");
        assertThat(decision.path("ruleId").asString()).isEqualTo("no-deletes");
        assertThat(data.resolve("f")).exists();
    }

    @Test
    void anAllowedShellRunsWithAPtyAndIsRecordedAsAsciicastWithEveryTypedLine() throws Exception {
        String marker = "shell-" + Long.toString(System.nanoTime(), 36);

        Result result = sshWithInput(CONNECTION, agentToken(), "echo " + marker + "-$((6*7)) key=" + AWS_KEY + "\nexit 4\n",
                "-tt", "");

        assertThat(result.stdout()).as(result.stderr()).contains(marker + "-42").doesNotContain(AWS_KEY);
        assertThat(result.exit()).isEqualTo(4);
        JsonNode typed = AuditTopic.json(audit.await(event -> "REQUEST".equals(event.path("kind").asString())
                && event.path("operation").path("statement").asString().contains(marker)));
        assertThat(typed.path("operation").path("attributes").path("typed").asString()).isEqualTo("true");
        assertThat(typed.path("operation").path("statement").asString()).doesNotContain(AWS_KEY);
        String session = typed.path("sessionId").asString();
        JsonNode ended = AuditTopic.json(audit.await(event -> "RESPONSE".equals(event.path("kind").asString())
                && session.equals(event.path("sessionId").asString())));
        assertThat(ended.path("operation").path("attributes").path("recording").asString()).isEqualTo("asciicast-v2");
        assertThat(ended.path("payload").asString()).startsWith("{\"version\":2,").contains(marker + "-42")
                .doesNotContain(AWS_KEY);
        assertThat(ended.path("status").asInt()).isEqualTo(4);
    }

    @Test
    void aDeniedShellNamesTheRuleAndOpensNothingUpstream() throws Exception {
        POLICY.decide(request -> request.contains("\"method\":\"shell\"") ? deny("no-shells") : defaultDecision(request));
        try {
            Result result = sshWithInput(CONNECTION, agentToken(), "touch /tmp/never\n", "-tt", "");

            assertThat(result.exit()).isEqualTo(126);
            assertThat(result.stdout() + result.stderr()).contains("no-shells");
        } finally {
            POLICY.decide(SshListenerTest::defaultDecision);
        }
    }
}
