package dev.gatehouse.audit.session;

import dev.gatehouse.audit.search.EventView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SessionReplayTests {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void timesEachStepFromTheSessionStartAndThePreviousStep() {
        SessionReplay replay = SessionReplay.of("s", List.of(
                event(0, 0, "REQUEST", null, null),
                event(1, 10, "APPROVAL_REQUESTED", "a1", null),
                event(2, 1510, "APPROVAL_DECIDED", "a1", null),
                event(3, 1600, "RESPONSE", null, 80L)), false);

        assertThat(replay.steps()).extracting(SessionReplay.Step::offsetMs).containsExactly(0L, 10L, 1510L, 1600L);
        assertThat(replay.steps()).extracting(SessionReplay.Step::sincePreviousMs).containsExactly(0L, 10L, 1500L, 90L);
        assertThat(replay.steps().get(2).waitedMs()).isEqualTo(1500L);
        assertThat(replay.steps().get(3).durationMs()).isEqualTo(80L);
        assertThat(replay.durationMs()).isEqualTo(1600);
        assertThat(replay.eventCount()).isEqualTo(4);
    }

    @Test
    void startsAtTheEarliestEventEvenIfClocksDisagreeWithSeq() {
        SessionReplay replay = SessionReplay.of("s", List.of(event(0, 5, "REQUEST", null, null),
                event(1, 0, "DECISION", null, null)), false);

        assertThat(replay.startedAt()).isEqualTo(T0);
        assertThat(replay.steps()).extracting(SessionReplay.Step::offsetMs).containsExactly(5L, 0L);
    }

    private static EventView event(long seq, long atMs, String kind, String approvalId, Long durationMs) {
        return new EventView(UUID.randomUUID(), "s", seq, kind, T0.plusMillis(atMs), "c", "HTTP", null, null,
                approvalId, null, null, null, null, null, null, null, durationMs, null, null);
    }
}
