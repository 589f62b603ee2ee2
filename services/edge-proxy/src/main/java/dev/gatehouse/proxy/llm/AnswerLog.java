package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.LlmFacts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An answer reassembled for its one RESPONSE event, from what the caller was sent (already masked): the
 * text, tool calls, why it stopped and the token usage the provider reported. Bounded: past
 * {@code limit} characters the text is cut and marked.
 */
final class AnswerLog {

    private final int limit;
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, String> toolNames = new TreeMap<>();
    private final Map<Integer, StringBuilder> toolArguments = new TreeMap<>();
    private String model;
    private String stop;
    private Long inputTokens;
    private Long outputTokens;
    private String cut;
    private long dropped;

    AnswerLog(int limit) {
        this.limit = limit;
    }

    synchronized void text(String piece) {
        append(text, piece);
    }

    synchronized void tool(int index, String name) {
        if (name != null) {
            toolNames.put(index, name);
        }
    }

    synchronized void toolArguments(int index, String piece) {
        append(toolArguments.computeIfAbsent(index, i -> new StringBuilder()), piece);
    }

    synchronized void model(String name) {
        if (name != null && !name.isEmpty()) {
            model = name;
        }
    }

    synchronized void stop(String reason) {
        if (reason != null && !reason.isEmpty()) {
            stop = reason;
        }
    }

    /** Usage as either API reports it; a later report of a count replaces an earlier one. */
    synchronized void usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        Long input = number(usage, "prompt_tokens", "input_tokens");
        Long output = number(usage, "completion_tokens", "output_tokens");
        inputTokens = input == null ? inputTokens : input;
        outputTokens = output == null ? outputTokens : output;
    }

    synchronized void cut(String reason) {
        cut = reason;
    }

    synchronized boolean usageKnown() {
        return inputTokens != null || outputTokens != null;
    }

    synchronized long tokens() {
        return (inputTokens == null ? 0 : inputTokens) + (outputTokens == null ? 0 : outputTokens);
    }

    synchronized Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        if (inputTokens != null) {
            facts.put(LlmFacts.INPUT_TOKENS, inputTokens.toString());
        }
        if (outputTokens != null) {
            facts.put(LlmFacts.OUTPUT_TOKENS, outputTokens.toString());
        }
        return facts;
    }

    synchronized String payload() {
        ObjectNode node = LlmCall.JSON.createObjectNode();
        node.put("model", model);
        node.put("text", dropped > 0 ? text + " …[" + dropped + " more characters not recorded]" : text.toString());
        if (!toolNames.isEmpty() || !toolArguments.isEmpty()) {
            var calls = node.putArray("toolCalls");
            for (Integer index : new java.util.TreeSet<>(union())) {
                ObjectNode call = calls.addObject();
                call.put("name", toolNames.get(index));
                StringBuilder arguments = toolArguments.get(index);
                call.put("arguments", arguments == null ? "" : arguments.toString());
            }
        }
        node.put("stop", stop);
        ObjectNode usage = node.putObject("usage");
        usage.put("inputTokens", inputTokens);
        usage.put("outputTokens", outputTokens);
        if (cut != null) {
            node.put("cut", cut);
        }
        return node.toString();
    }

    private java.util.Set<Integer> union() {
        java.util.Set<Integer> all = new java.util.HashSet<>(toolNames.keySet());
        all.addAll(toolArguments.keySet());
        return all;
    }

    private void append(StringBuilder to, String piece) {
        int room = limit - to.length();
        if (room >= piece.length()) {
            to.append(piece);
        } else {
            to.append(piece, 0, Math.max(0, room));
            dropped += piece.length() - Math.max(0, room);
        }
    }

    private static Long number(JsonNode usage, String openAi, String anthropic) {
        JsonNode value = usage.path(openAi);
        value = value.isNumber() ? value : usage.path(anthropic);
        return value.isNumber() ? value.asLong() : null;
    }
}
