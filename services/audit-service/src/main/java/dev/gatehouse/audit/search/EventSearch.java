package dev.gatehouse.audit.search;

import org.springframework.stereotype.Service;
import org.springframework.util.MultiValueMap;

import java.util.List;

/**
 * The search behind {@code GET /api/v1/events}: parameters as the HTTP request carries them, page out.
 * Public so the benchmark in bench/ times exactly what the API runs.
 */
@Service
public class EventSearch {

    private final EventRepository events;

    public EventSearch(EventRepository events) {
        this.events = events;
    }

    /** Validates the parameters (400 problems naming them) and reads one page. */
    public EventPage search(MultiValueMap<String, String> params) {
        EventQuery query = EventQuery.parse(params.getFirst("connection"), params.getFirst("subject"),
                params.getFirst("verdict"), params.getFirst("kind"), params.getFirst("sessionId"),
                params.getFirst("from"), params.getFirst("to"), params.getFirst("limit"), params.getFirst("cursor"));
        SearchFilters filters = SearchFilters.parse(params);
        // One row more than asked tells whether another page exists without a COUNT.
        List<EventView> rows = events.search(query, filters, query.limit() + 1);
        if (rows.size() <= query.limit()) {
            return new EventPage(rows, null);
        }
        List<EventView> page = rows.subList(0, query.limit());
        return new EventPage(List.copyOf(page), page.getLast().cursor().encode());
    }
}
