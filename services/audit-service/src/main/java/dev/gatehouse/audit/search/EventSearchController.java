package dev.gatehouse.audit.search;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** Search over the audit trail, for auditors and admins. */
@RestController
@RequestMapping("/api/v1/events")
@PreAuthorize("hasAnyAuthority('gatehouse-auditor','gatehouse-admin')")
class EventSearchController {

    private final EventRepository events;
    private final EventSearch search;

    EventSearchController(EventRepository events, EventSearch search) {
        this.events = events;
        this.search = search;
    }

    /**
     * Parameters are taken as text so that each bad one yields a problem naming it (see EventQuery and
     * SearchFilters); {@code claim.<name>} parameters are open-ended, hence the map.
     */
    @GetMapping
    EventPage search(@RequestParam MultiValueMap<String, String> params) {
        return search.search(params);
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
