package dev.gatehouse.audit.session;

import dev.gatehouse.audit.search.EventRepository;
import dev.gatehouse.audit.search.EventView;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Replay of one agent session: its events in order with their timings, for auditors and admins. */
@RestController
@RequestMapping("/api/v1/sessions")
@PreAuthorize("hasAnyAuthority('gatehouse-auditor','gatehouse-admin')")
class SessionController {

    private static final int MAX_ID_LENGTH = 200;

    private final EventRepository events;

    SessionController(EventRepository events) {
        this.events = events;
    }

    @GetMapping("/{id}")
    SessionReplay session(@PathVariable String id) {
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new SessionNotFound(id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) + "…" : id);
        }
        // One more than the cap tells whether the timeline was cut.
        List<EventView> rows = events.session(id, EventRepository.MAX_SESSION_EVENTS + 1);
        if (rows.isEmpty()) {
            throw new SessionNotFound(id);
        }
        boolean truncated = rows.size() > EventRepository.MAX_SESSION_EVENTS;
        return SessionReplay.of(id, truncated ? rows.subList(0, EventRepository.MAX_SESSION_EVENTS) : rows, truncated);
    }
}
