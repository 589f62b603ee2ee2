package dev.gatehouse.proxy.llm;

import dev.gatehouse.model.LlmFacts;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A model call as the policy decides on it, read from the path (which API, so which provider flavour)
 * and the JSON body: model, the answer's token ceiling, tools offered, streamed or not.
 */
record LlmCall(String api, Flavour flavour, String model, String maxTokens, List<String> tools, boolean stream) {

    enum Flavour { OPENAI, ANTHROPIC }

    static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Requests are read refusing duplicate keys: {@code {"model":"a","model":"b"}} would be decided on one
     * value while a provider's parser might use the other.
     */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** Whether the model writes an answer, which max_tokens bounds: every call but embeddings. */
    boolean generates() {
        return !api.equals("openai.embeddings");
    }

    /** The facts for {@code Operation.attributes} ({@link LlmFacts}). */
    Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(LlmFacts.API, api);
        facts.put(LlmFacts.MODEL, model);
        if (maxTokens != null) {
            facts.put(LlmFacts.MAX_TOKENS, maxTokens);
        }
        if (!tools.isEmpty()) {
            facts.put(LlmFacts.TOOLS, String.join(",", tools));
        }
        facts.put(LlmFacts.STREAM, Boolean.toString(stream));
        return facts;
    }

    /** @throws InvalidLlmCall naming what is wrong (never echoing the body) */
    static LlmCall read(String method, String path, byte[] body) {
        String api = api(path);
        Flavour flavour = api.startsWith("anthropic.") ? Flavour.ANTHROPIC : Flavour.OPENAI;
        if (body.length == 0) {
            if (!"GET".equals(method)) {
                throw new InvalidLlmCall("a model call needs a JSON body");
            }
            return new LlmCall(api, flavour, "", null, List.of(), false);
        }
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidLlmCall("the body is not valid JSON (or names a member twice)");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidLlmCall("the body must be a JSON object");
        }
        JsonNode model = root.path("model");
        if (!model.isMissingNode() && !model.isString()) {
            throw new InvalidLlmCall("model must be a string");
        }
        return new LlmCall(api, flavour, model.asString(""), maxTokens(root), tools(root), root.path("stream").asBoolean(false));
    }

    private static String api(String path) {
        if (path.endsWith("/chat/completions")) {
            return "openai.chat";
        }
        if (path.endsWith("/responses")) {
            return "openai.responses";
        }
        if (path.endsWith("/embeddings")) {
            return "openai.embeddings";
        }
        if (path.endsWith("/models") || path.contains("/models/")) {
            return "openai.models";
        }
        if (path.endsWith("/messages") || path.endsWith("/messages/count_tokens")) {
            return "anthropic.messages";
        }
        throw new InvalidLlmCall("not a model API Gatehouse knows (/v1/chat/completions, /v1/responses, "
                + "/v1/embeddings, /v1/models, /v1/messages)");
    }

    /**
     * The largest ceiling field present, times the answers asked for ({@code n}): a provider may honour any
     * of them, so {@code max_tokens: 10} beside {@code max_completion_tokens: 100000} is 100000. One that is
     * not a whole number is kept as text, over every ceiling.
     */
    private static String maxTokens(JsonNode root) {
        long max = -1;
        for (String field : List.of("max_tokens", "max_completion_tokens", "max_output_tokens")) {
            JsonNode value = root.path(field);
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
                return "invalid";
            }
            max = Math.max(max, value.asLong());
        }
        JsonNode n = root.path("n");
        if (max < 0 || n.isMissingNode() || n.isNull()) {
            return max < 0 ? null : Long.toString(max);
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 128) {
            return "invalid";
        }
        return Long.toString(Math.multiplyExact(max, n.asLong()));
    }

    /** Tool names: {@code function.name} (chat), {@code name} (responses, Anthropic), else the built-in tool's type. */
    private static List<String> tools(JsonNode root) {
        TreeSet<String> names = new TreeSet<>();
        for (String field : List.of("tools", "functions")) {
            for (JsonNode tool : root.path(field)) {
                String name = tool.path("function").path("name").asString(null);
                name = name == null ? tool.path("name").asString(null) : name;
                name = name == null ? tool.path("type").asString("unnamed") : name;
                names.add(name.replace(',', '_'));
            }
        }
        return List.copyOf(names);
    }

    /** The body is not a model call the proxy can read: 400, and nothing is sent. */
    static final class InvalidLlmCall extends RuntimeException {
        InvalidLlmCall(String message) {
            super(message, null, false, false);
        }
    }
}
