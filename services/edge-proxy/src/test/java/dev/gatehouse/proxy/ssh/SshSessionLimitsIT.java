package dev.gatehouse.proxy.ssh;

import dev.gatehouse.testkit.AuditTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listener's time limits, each tried with the real OpenSSH client: an idle session and one that runs past its
 * maximum duration. Short limits, so a context of its own; the per-caller limit is {@link SshConcurrentSessionsIT}
 * (its sessions must outlive a slow machine's logins).
 */
@TestPropertySource(properties = {"gatehouse.proxy.ssh.idle-timeout=3s",
        "gatehouse.proxy.ssh.max-session-duration=6s"})
class SshSessionLimitsIT extends SshListenerTest {

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
    void anIdleSessionIsDisconnectedWithTheReasonAndTheTrailSaysSo() throws Exception {
        String marker = "idle-" + Long.toString(System.nanoTime(), 36);
        long started = System.nanoTime();

        Result result = ssh(CONNECTION, agentToken(), "sleep 20; echo " + marker);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stderr()).contains("Gatehouse: the session was idle for 3s");
        assertThat(result.stdout()).doesNotContain(marker);
        assertThat(ended("idle-timeout")).isNotNull();
    }

    @Test
    void aSessionPastItsMaximumDurationIsDisconnectedThoughItIsBusy() throws Exception {
        long started = System.nanoTime();

        Result result = ssh(CONNECTION, agentToken(), TICKING);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat(result.stdout()).as(result.stderr()).contains(TICK); // output kept it from idling
        assertThat(result.exit()).isEqualTo(255);
        assertThat(result.stderr()).contains("Gatehouse: the session reached its maximum duration of 6s");
        assertThat(ended("max-duration")).isNotNull();
    }

    private static JsonNode ended(String endedBy) {
        return AuditTopic.json(audit.await(event -> "SESSION_ENDED".equals(event.path("kind").asString())
                && endedBy.equals(event.path("operation").path("attributes").path("endedBy").asString())));
    }
}
