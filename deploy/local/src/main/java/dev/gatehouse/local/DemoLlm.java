package dev.gatehouse.local;

import dev.gatehouse.testkit.LlmProviderDouble;

/**
 * The model provider behind connection {@code demo-llm}: the testkit's provider double (OpenAI chat
 * completions and Anthropic Messages, streamed or whole), in this process. The local stack starts it on
 * {@link LocalStack#LLM_PORT} so benchmarks can reach it directly too; tests get one on a free port.
 */
public final class DemoLlm {

    private static LlmProviderDouble provider;

    private DemoLlm() {
    }

    static synchronized LlmProviderDouble start(int port) {
        if (provider == null) {
            provider = new LlmProviderDouble(port);
        }
        return provider;
    }

    /** The running double, started on a free port if the stack did not start one. */
    public static synchronized LlmProviderDouble provider() {
        return start(0);
    }
}
