package dev.gatehouse.proxy.ssh;

import dev.gatehouse.model.CallerIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The concurrent-session count per caller: taken at login, given back exactly once. */
class SessionLimitsTests {

    private static final String UPSTREAM = "ssh://10.0.0.5:22?hostKey=SHA256:AbCdEf";
    private final SessionLimits limits = new SessionLimits(new SshProperties(true, 0, null, null, null, null, null,
            null, null, null, 2));

    @AfterEach
    void stop() {
        limits.stop();
    }

    private static SshSession session(String subject) {
        return new SshSession("web-1", new CallerIdentity("https://issuer", subject, Map.of()), UPSTREAM, "127.0.0.1");
    }

    @Test
    void aCallerAtItsLimitIsRefusedAndAnotherCallerIsNot() {
        SshSession first = session("ci-a");
        SshSession second = session("ci-a");

        assertThat(limits.admit(first)).isNull();
        assertThat(limits.admit(second)).isNull();
        assertThat(limits.admit(session("ci-a"))).contains("ci-a already has 2 SSH sessions open");
        assertThat(limits.admit(session("ci-b"))).isNull();
    }

    @Test
    void anEndedSessionFreesItsSlotOnceEvenWhenEndedTwice() {
        SshSession first = session("ci-a");
        limits.admit(first);
        limits.admit(session("ci-a"));

        limits.ended(first);
        limits.ended(first); // a failed login's release and the session's close: one slot only

        assertThat(limits.admit(session("ci-a"))).isNull();
        assertThat(limits.admit(session("ci-a"))).isNotNull();
    }

    @Test
    void aRefusedLoginTakesNoSlot() {
        SshSession refused = session("ci-a");
        limits.admit(session("ci-a"));
        limits.admit(session("ci-a"));
        assertThat(limits.admit(refused)).isNotNull();

        limits.ended(refused);

        assertThat(limits.admit(session("ci-a"))).as("still two open").isNotNull();
    }

    @Test
    void limitsAreNamedAsTheyAreConfigured() {
        assertThat(SessionLimits.human(Duration.ofHours(8))).isEqualTo("8h");
        assertThat(SessionLimits.human(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(SessionLimits.human(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(SessionLimits.human(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
