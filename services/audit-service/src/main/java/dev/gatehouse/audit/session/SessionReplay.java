package dev.gatehouse.audit.session;

import dev.gatehouse.audit.search.EventView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as a timeline: events in seq order, each with its offset from the session's first event,
 * the gap since the previous event, its own duration (as recorded by the proxy) and, for an approval
 * decision, how long the request waited for it.
 */
public record SessionReplay(String sessionId, Instant startedAt, Instant endedAt, long durationMs, int eventCount,
                     boolean truncated, List<Step> steps) {

    public record Step(long offsetMs, long sincePreviousMs, Long durationMs, Long waitedMs, EventView event) {
    }

    public static SessionReplay of(String sessionId, List<EventView> events, boolean truncated) {
        // Seq is the producer's order; clocks may disagree slightly, so the start is the earliest time.
        Instant start = events.stream().map(EventView::occurredAt).min(Instant::compareTo).orElseThrow();
        Instant end = events.stream().map(EventView::occurredAt).max(Instant::compareTo).orElseThrow();
        Map<String, Instant> approvalRequested = new HashMap<>();
        List<Step> steps = new ArrayList<>(events.size());
        Instant previous = start;
        for (EventView event : events) {
            Long waited = null;
            if (event.approvalId() != null) {
                if ("APPROVAL_REQUESTED".equals(event.kind())) {
                    approvalRequested.putIfAbsent(event.approvalId(), event.occurredAt());
                } else if ("APPROVAL_DECIDED".equals(event.kind()) && approvalRequested.containsKey(event.approvalId())) {
                    waited = millis(approvalRequested.get(event.approvalId()), event.occurredAt());
                }
            }
            steps.add(new Step(millis(start, event.occurredAt()), millis(previous, event.occurredAt()),
                    event.durationMs(), waited, event));
            previous = event.occurredAt();
        }
        return new SessionReplay(sessionId, start, end, millis(start, end), steps.size(), truncated, List.copyOf(steps));
    }

    private static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }
}
