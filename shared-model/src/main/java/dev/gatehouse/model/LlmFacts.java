package dev.gatehouse.model;

/**
 * The facts of an LLM API call the proxy reads from the request body and puts into
 * {@link Operation#attributes()}, for the policy to decide on (connection type {@link Protocol#LLM}) and
 * the trail to keep. Only the proxy's {@code /llm/{connection}} route sets them; a caller cannot.
 */
public final class LlmFacts {

    /** Which API: {@code openai.chat}, {@code openai.responses}, {@code openai.embeddings}, {@code openai.models}, {@code anthropic.messages}. */
    public static final String API = "llm.api";
    public static final String MODEL = "llm.model";
    /** The answer's token ceiling the caller asked for ({@code max_tokens}, {@code max_completion_tokens}, {@code max_output_tokens}); absent when not set. */
    public static final String MAX_TOKENS = "llm.maxTokens";
    /** Tool (function) names the request offers, comma-separated, sorted. */
    public static final String TOOLS = "llm.tools";
    public static final String STREAM = "llm.stream";
    /** SHA-256 (hex) of the request body as the caller sent it, before outbound redaction. */
    public static final String PROMPT_SHA256 = "llm.promptSha256";
    /** Token usage the provider reported (RESPONSE events). */
    public static final String INPUT_TOKENS = "llm.inputTokens";
    public static final String OUTPUT_TOKENS = "llm.outputTokens";
    public static final String PREFIX = "llm.";

    private LlmFacts() {
    }
}
