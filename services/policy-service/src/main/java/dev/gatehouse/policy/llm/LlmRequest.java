package dev.gatehouse.policy.llm;

import dev.gatehouse.model.LlmFacts;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An LLM API call as rules see it, from the facts the proxy read from its body ({@link LlmFacts}):
 * the API, the model, the {@code max_tokens} asked for ({@code null} when the caller set none) and the
 * tool names offered to the model.
 */
public record LlmRequest(String api, String model, Long maxTokens, List<String> tools) {

    public LlmRequest {
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    /** Whether the model writes an answer, which max_tokens bounds: every call but embeddings. */
    public boolean generates() {
        return !api.equals("openai.embeddings");
    }

    /** The call's facts, or empty when the operation carries none (it did not come through {@code /llm/}). */
    public static Optional<LlmRequest> of(Map<String, String> attributes) {
        String api = attributes.get(LlmFacts.API);
        if (api == null) {
            return Optional.empty();
        }
        String tools = attributes.get(LlmFacts.TOOLS);
        return Optional.of(new LlmRequest(api, attributes.getOrDefault(LlmFacts.MODEL, ""),
                tokens(attributes.get(LlmFacts.MAX_TOKENS)),
                tools == null || tools.isEmpty() ? List.of() : Arrays.asList(tools.split(","))));
    }

    private static Long tokens(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // unreadable: treated as over every ceiling
        }
    }
}
