package dev.gatehouse.audit.search;

import java.util.List;

/** A page of results, newest first; {@code next} is the cursor for the following page or null at the end. */
public record EventPage(List<EventView> items, String next) {
}
