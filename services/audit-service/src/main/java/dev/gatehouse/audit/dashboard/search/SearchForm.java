package dev.gatehouse.audit.dashboard.search;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The search page's filters, exactly as they stand in its URL (so a search can be shared), and their
 * translation into the parameters of the search API: CI claims become {@code claim.<name>}, the
 * browser's date-time inputs (read as UTC) become instants.
 */
public record SearchForm(Map<String, String> values) {

    /** Page parameter → search API parameter. */
    private static final Map<String, String> FIELDS = fields();
    static final String PAGE_SIZE = "50";

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("from", "from");
        fields.put("to", "to");
        fields.put("repository", "claim.repository");
        fields.put("workflow", "claim.workflow");
        fields.put("run", "claim.run_id");
        fields.put("session", "sessionId");
        fields.put("subject", "subject");
        fields.put("connection", "connection");
        fields.put("verdict", "verdict");
        fields.put("kind", "kind");
        fields.put("q", "q");
        fields.put("cursor", "cursor");
        return Map.copyOf(fields);
    }

    static SearchForm of(MultiValueMap<String, String> params) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS.keySet()) {
            String value = params.getFirst(field);
            if (value != null && !value.isBlank()) {
                values.put(field, value.strip());
            }
        }
        return new SearchForm(Map.copyOf(values));
    }

    public String get(String field) {
        return values.getOrDefault(field, "");
    }

    boolean empty() {
        return values.isEmpty();
    }

    /** Throws {@link IllegalArgumentException} naming the field for an unreadable date. */
    MultiValueMap<String, String> apiParameters() {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        values.forEach((field, value) -> params.add(FIELDS.get(field),
                field.equals("from") || field.equals("to") ? instant(field, value) : value));
        params.add("limit", PAGE_SIZE);
        return params;
    }

    /** This search's URL with another cursor (null: the first page). Values are form-encoded ("+" too). */
    String link(String cursor) {
        StringJoiner query = new StringJoiner("&", "/dashboard/search?", "").setEmptyValue("/dashboard/search");
        values.entrySet().stream().filter(entry -> !entry.getKey().equals("cursor")).sorted(Map.Entry.comparingByKey())
                .forEach(entry -> query.add(entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)));
        if (cursor != null) {
            query.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static String instant(String field, String value) {
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toString();
            } catch (DateTimeParseException again) {
                throw new IllegalArgumentException(field + ": must be a date and time such as 2026-01-31T12:00");
            }
        }
    }
}
