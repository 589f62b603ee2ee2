package dev.gatehouse.proxy.llm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the policy decides on must be what the provider reads: disguised models and ceilings. */
class LlmCallTests {

    @Test
    void readsTheFactsOfAChatCall() {
        LlmCall call = read("/v1/chat/completions", "{\"model\":\"gpt-4o-mini\",\"max_tokens\":100,\"stream\":true,"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},{\"type\":\"web_search\"}]}");

        assertThat(call.api()).isEqualTo("openai.chat");
        assertThat(call.model()).isEqualTo("gpt-4o-mini");
        assertThat(call.maxTokens()).isEqualTo("100");
        assertThat(call.tools()).containsExactly("get_weather", "web_search");
        assertThat(call.stream()).isTrue();
        assertThat(read("/v1/messages", "{\"model\":\"claude-haiku-4-5\",\"max_tokens\":5,\"tools\":[{\"name\":\"bash\"}]}")
                .flavour()).isEqualTo(LlmCall.Flavour.ANTHROPIC);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"model\":\"gpt-4o-mini\",\"model\":\"gpt-4o\",\"max_tokens\":10}",
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"max_tokens\":100000}",
            "{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,\"tools\":[{\"name\":\"a\",\"name\":\"run_shell\"}]}"})
    void aMemberNamedTwiceIsRefusedSinceAProviderMightReadTheOtherOne(String body) {
        assertThatThrownBy(() -> read("/v1/chat/completions", body)).isInstanceOf(LlmCall.InvalidLlmCall.class);
    }

    @Test
    void theCeilingIsTheLargestAskedForTimesTheAnswersAskedFor() {
        assertThat(read("/v1/chat/completions", "{\"model\":\"m\",\"max_tokens\":10,\"max_completion_tokens\":100000}")
                .maxTokens()).isEqualTo("100000");
        assertThat(read("/v1/chat/completions", "{\"model\":\"m\",\"max_completion_tokens\":1000,\"n\":8}").maxTokens())
                .isEqualTo("8000");
        assertThat(read("/v1/chat/completions", "{\"model\":\"m\",\"max_tokens\":\"10\"}").maxTokens()).isEqualTo("invalid");
        assertThat(read("/v1/chat/completions", "{\"model\":\"m\",\"max_tokens\":1.5}").maxTokens()).isEqualTo("invalid");
        assertThat(read("/v1/chat/completions", "{\"model\":\"m\",\"max_tokens\":10,\"n\":0}").maxTokens()).isEqualTo("invalid");
        assertThat(read("/v1/chat/completions", "{\"model\":\"m\"}").maxTokens()).isNull();
    }

    @Test
    void aModelThatIsNoStringAnUnknownPathAndABodylessPostAreRefused() {
        assertThatThrownBy(() -> read("/v1/chat/completions", "{\"model\":[\"gpt-4o-mini\"]}"))
                .isInstanceOf(LlmCall.InvalidLlmCall.class);
        assertThatThrownBy(() -> read("/v1/audio/speech", "{\"model\":\"tts-1\"}")).isInstanceOf(LlmCall.InvalidLlmCall.class);
        assertThatThrownBy(() -> LlmCall.read("POST", "/proxy/x/v1/chat/completions", new byte[0]))
                .isInstanceOf(LlmCall.InvalidLlmCall.class);
    }

    private static LlmCall read(String path, String body) {
        return LlmCall.read("POST", "/proxy/demo-llm" + path, body.getBytes(StandardCharsets.UTF_8));
    }
}
