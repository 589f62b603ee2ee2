package dev.gatehouse.audit.search;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/** Search over the audit trail, for auditors and admins. */
@RestController
@RequestMapping("/api/v1/events")
@PreAuthorize("hasAnyAuthority('gatehouse-auditor','gatehouse-admin')")
class EventSearchController {

    private final EventRepository events;

    EventSearchController(EventRepository events) {
        this.events = events;
    }

    /** Parameters are taken as text so that each bad one yields a problem naming it (see EventQuery). */
    @GetMapping
    EventPage search(@RequestParam(required = false) String connection,
                     @RequestParam(required = false) String subject,
                     @RequestParam(required = false) String verdict,
                     @RequestParam(required = false) String kind,
                     @RequestParam(required = false) String sessionId,
                     @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to,
                     @RequestParam(required = false) String limit,
                     @RequestParam(required = false) String cursor) {
        EventQuery query = EventQuery.parse(connection, subject, verdict, kind, sessionId, from, to, limit, cursor);
        // One row more than asked tells whether another page exists without a COUNT.
        List<EventView> rows = events.search(query, query.limit() + 1);
        if (rows.size() <= query.limit()) {
            return new EventPage(rows, null);
        }
        List<EventView> page = rows.subList(0, query.limit());
        return new EventPage(List.copyOf(page), page.getLast().cursor().encode());
    }

    @GetMapping("/{id}")
    EventView event(@PathVariable String id) {
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("id", "must be a UUID");
        }
        return events.find(eventId).orElseThrow(() -> new EventNotFound(eventId));
    }
}
