package dev.gatehouse.approval.request;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitTimeoutTests {

    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void readsSimpleAndIsoDurations() {
        assertThat(WaitTimeout.parse("500ms", MAX)).isEqualTo(Duration.ofMillis(500));
        assertThat(WaitTimeout.parse("30s", MAX)).isEqualTo(Duration.ofSeconds(30));
        assertThat(WaitTimeout.parse("2m", MAX)).isEqualTo(Duration.ofMinutes(2));
        assertThat(WaitTimeout.parse("PT45S", MAX)).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void refusesZeroNegativeTooLongAndGarbageNamingTheParameter() {
        for (String bad : new String[] {"0s", "-5s", "6m", "PT1H", "abc", "", "30", "99999999999s", "PT-1S"}) {
            assertThatThrownBy(() -> WaitTimeout.parse(bad, MAX)).as(bad).isInstanceOf(InvalidApprovalInput.class)
                    .hasMessageContaining("timeout");
        }
    }
}
