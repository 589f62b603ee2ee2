package dev.gatehouse.cli;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The summary's Markdown: a count per verdict, then one row per event, oldest first. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String markdown(JsonNode items, String since, String url) {
        List<JsonNode> events = new ArrayList<>();
        items.forEach(events::add);
        events.sort((a, b) -> a.path("occurredAt").asString("").compareTo(b.path("occurredAt").asString("")));
        long allowed = events.stream().filter(e -> "ALLOW".equals(e.path("verdict").asString(null))).count();
        long denied = events.stream().filter(e -> "DENY".equals(e.path("verdict").asString(null))).count();
        long reviewed = events.stream().filter(e -> "REVIEW".equals(e.path("verdict").asString(null))).count();
        StringBuilder md = new StringBuilder("## Gatehouse audit summary\n\n")
                .append(events.size()).append(" audited events at ").append(url).append(" since ").append(since)
                .append(": ").append(allowed).append(" allowed, ").append(denied).append(" denied, ").append(reviewed)
                .append(" for review. Verify any receipt with `gatehouse receipt <receipt>`.\n\n")
                .append("| time | connection | kind | operation | verdict | rule | receipt |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (JsonNode event : events) {
            md.append("| ").append(cell(event.path("occurredAt").asString(""))).append(" | ")
                    .append(cell(event.path("connection").asString(""))).append(" | ")
                    .append(cell(event.path("kind").asString(""))).append(" | ")
                    .append(cell(operation(event.path("operation")))).append(" | ")
                    .append(cell(event.path("verdict").asString(""))).append(" | ")
                    .append(cell(event.path("ruleId").asString(""))).append(" | `")
                    .append(cell(event.path("id").asString(""))).append("` |\n");
        }
        return md.append('\n').toString();
    }

    /** Method and path, or the statement's first 80 characters (already masked by Gatehouse). */
    static String operation(JsonNode operation) {
        if (operation.hasNonNull("method") && operation.hasNonNull("path")) {
            return operation.path("method").asString() + " " + operation.path("path").asString();
        }
        String statement = operation.path("statement").asString("");
        return statement.length() > 80 ? statement.substring(0, 80) + "…" : statement;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("`", "'");
    }
}
