package dev.gatehouse.audit.search;

import dev.gatehouse.model.AuditEventKind;
import dev.gatehouse.model.Verdict;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * A validated search: every filter optional, {@code from} inclusive, {@code to} exclusive. Parameters
 * arrive as text and are parsed here so each failure names its parameter with one problem type.
 */
record EventQuery(String connection, String subject, Verdict verdict, AuditEventKind kind, String sessionId,
                  Instant from, Instant to, int limit, EventCursor after) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    static EventQuery parse(String connection, String subject, String verdict, String kind, String sessionId,
                            String from, String to, String limit, String cursor) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new InvalidParameter("to", "must be after from");
        }
        return new EventQuery(blankToNull(connection), blankToNull(subject),
                enumValue("verdict", Verdict.class, verdict), enumValue("kind", AuditEventKind.class, kind),
                blankToNull(sessionId), fromInstant, toInstant, limit(limit),
                isBlank(cursor) ? null : EventCursor.decode(cursor.strip()));
    }

    private static Instant instant(String name, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    private static <E extends Enum<E>> E enumValue(String name, Class<E> type, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int limit(String value) {
        if (isBlank(value)) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as an out-of-range number
        }
        throw new InvalidParameter("limit", "must be an integer from 1 to " + MAX_LIMIT);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value;
    }
}
