package dev.gatehouse.audit.dashboard;

import dev.gatehouse.audit.search.EventView;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How an event reads on screen; the templates' {@code ${fmt.…}}. */
@org.springframework.stereotype.Component("eventText")
public final class EventText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** The protocols whose adapters record terminal sessions. */
    private static final java.util.Set<String> RECORDED = java.util.Set.of("SSH", "KUBERNETES");
    private static final DateTimeFormatter SHORT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** For table cells whose column header already says UTC. */
    public String shortTime(Instant instant) {
        return instant == null ? "" : SHORT_TIME.format(instant);
    }

    public boolean sql(EventView event) {
        return "POSTGRES".equals(event.protocol()) && !statement(event).isEmpty();
    }

    public String statement(EventView event) {
        return text(event.operation(), "statement");
    }

    /** The command, highlighted and escaped: SQL as spans, HTTP as escaped text. */
    public String commandHtml(EventView event) {
        if (sql(event)) {
            return SqlHighlighter.toHtml(statement(event));
        }
        if ("SSH".equals(event.protocol())) { // the request kind and its command line, file operation or typed line
            return org.springframework.web.util.HtmlUtils.htmlEscape((text(event.operation(), "method") + " "
                    + statement(event)).strip());
        }
        return org.springframework.web.util.HtmlUtils.htmlEscape(httpCommand(event.operation()));
    }

    public static String httpCommand(JsonNode operation) {
        if (operation == null || operation.isNull() || operation.isMissingNode()) {
            return "";
        }
        String query = text(operation, "query");
        return (text(operation, "method") + " " + text(operation, "path") + (query.isEmpty() ? "" : "?" + query)).strip();
    }

    /**
     * An SSH shell's or a Kubernetes exec/attach stream's end: its payload is the session's terminal
     * recording (asciicast v2, masked by the proxy).
     */
    public boolean terminalRecording(EventView event) {
        JsonNode attributes = event.operation() == null ? null : event.operation().get("attributes");
        // approval events have no protocol, and Set.of(...).contains(null) throws
        return event.protocol() != null && RECORDED.contains(event.protocol()) && event.payload() != null
                && attributes != null
                && "asciicast-v2".equals(text(attributes, "recording"));
    }

    public String claim(EventView event, String name) {
        JsonNode value = event.claims() == null ? null : event.claims().get(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            return String.join(", ", value.valueStream().map(JsonNode::asString).toList());
        }
        return value.asString();
    }

    public String masking(EventView event) {
        if (event.masking() == null || event.masking().isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        event.masking().properties().forEach(entry -> text.append(text.isEmpty() ? "" : ", ")
                .append(entry.getKey()).append(" ×").append(entry.getValue().asString()));
        return text.toString();
    }

    public String duration(Long millis) {
        if (millis == null) {
            return "";
        }
        return millis < 1000 ? millis + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return "";
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
