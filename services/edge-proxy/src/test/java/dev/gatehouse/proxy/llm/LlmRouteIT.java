package dev.gatehouse.proxy.llm;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.proxy.support.StubHttpServer;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.LlmProviderDouble;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The LLM route with the official OpenAI and Anthropic Java SDKs as the agent, the provider double as the
 * model: the CI token is the SDK's API key and never reaches the provider, secrets in the prompt leave
 * masked, a secret the model streams across two events reaches the agent masked, a refused model or an
 * exhausted budget sends nothing, and each call is one REQUEST/RESPONSE pair with its tokens.
 */
@TestPropertySource(properties = "gatehouse.proxy.llm.budgets[acme/budgeted]=300")
class LlmRouteIT extends ProxyIntegrationTest {

    private static final String PROVIDER_KEY = "sk-provider-7d1e0b5c9a";
    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";
    private static final String PRIVATE_KEY_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";
    private static final String PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + PRIVATE_KEY_BODY + "\n"
            + "VXH4Qh0hSJXhNx3kVcNHJ1nVpWGqfYcTQ0pN9oTnM5i4BKYzE2JqCk6vR8LwXc9d\n-----END RSA PRIVATE KEY-----";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LlmProviderDouble PROVIDER = new LlmProviderDouble();
    private static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void close() {
        audit.close();
        PROVIDER.close();
    }

    @BeforeEach
    void modelsAllowListed() {
        PROVIDER.reset();
        // One connection per flavour: the proxy caches a connection's lease, and each API wants its own header.
        VAULT.respond(received -> received.body().contains("demo-claude") ? headerLease("x-api-key", PROVIDER_KEY)
                : lease("bearer", PROVIDER_KEY));
        // policy-service's llm rules are tested there (LlmDecisionTests); here the stub answers by the facts
        // the proxy sent, so a refusal shows what the proxy does with it.
        POLICY.respond(received -> received.path().startsWith("/api/v1/budgets/") ? budgetStore(received) : decision(received));
    }

    /** policy-service's counters are tested there (BudgetApiIT); this one refuses a hold above its limit. */
    private static String budgetStore(StubHttpServer.Received received) {
        if (received.path().endsWith("/settlements")) {
            return "";
        }
        JsonNode hold = JSON.readTree(received.body()).path("holds").path(0);
        boolean fits = hold.path("amount").asLong() <= hold.path("limit").asLong();
        return "{\"granted\":%s,\"day\":\"2026-12-07\",\"refusedBy\":%s,\"used\":0,\"limit\":%d}".formatted(fits,
                fits ? "null" : "\"" + hold.path("budget").asString() + "\"", hold.path("limit").asLong());
    }

    private static String decision(StubHttpServer.Received received) {
        JsonNode attributes = JSON.readTree(received.body()).path("operation").path("attributes");
        String model = attributes.path("llm.model").asString("");
        if (!List.of("gpt-4o-mini", "claude-haiku-4-5", "text-embedding-3-small").contains(model)) {
            return "{\"verdict\":\"DENY\",\"ruleId\":\"llm-model-allowlist\",\"reason\":\"model " + model
                    + " not in [gpt-4o-mini, claude-haiku-*]\"}";
        }
        return "{\"verdict\":\"ALLOW\",\"ruleId\":\"llm-small-models\",\"audit\":\"WRITE_AHEAD\",\"target\":"
                + "{\"name\":\"" + JSON.readTree(received.body()).path("operation").path("connection").asString()
                + "\",\"protocol\":\"LLM\",\"upstream\":\"" + PROVIDER.url() + "\"},"
                + "\"masking\":{\"detectors\":[\"secrets\"],\"style\":\"REDACT\"}}";
    }

    @Test
    void aChatCompletionGoesThroughWithTheVaultsKeyAndNeverTheAgentsToken() {
        String token = agentToken();
        ChatCompletion completion = openAi(token).chat().completions().create(chat("gpt-4o-mini")
                .addUserMessage("Why did the build fail?").build());

        assertThat(completion.choices().getFirst().message().content()).hasValue(String.join("", LlmProviderDouble.DEFAULT_ANSWER));
        LlmProviderDouble.Received sent = PROVIDER.last();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).as(sent.headers().keySet().toString()).isEqualTo("Bearer " + PROVIDER_KEY);
        assertThat(sent.headers().toString() + sent.body()).as("the CI token never leaves Gatehouse").doesNotContain(token);
    }

    @Test
    void aStreamedCompletionArrivesChunkByChunk() {
        StringBuilder text = new StringBuilder();
        int[] chunks = {0};
        try (var stream = openAi(agentToken()).chat().completions().createStreaming(chat("gpt-4o-mini")
                .addUserMessage("Summarize the log").build())) {
            stream.stream().forEach(chunk -> {
                chunks[0]++;
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }

        assertThat(text.toString()).isEqualTo(String.join("", LlmProviderDouble.DEFAULT_ANSWER));
        assertThat(chunks[0]).as("event by event, not one buffered answer").isGreaterThanOrEqualTo(LlmProviderDouble.DEFAULT_ANSWER.size());
    }

    @Test
    void aToolCallComesBackWhole() {
        ChatCompletion completion = openAi(agentToken()).chat().completions().create(chat("gpt-4o-mini")
                .addUserMessage("Weather in Berlin?").addTool(weatherTool()).build());

        ChatCompletionMessageToolCall call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst();
        assertThat(call.asFunction().function().name()).isEqualTo("get_weather");
        assertThat(call.asFunction().function().arguments()).isEqualTo("{\"city\":\"Berlin\",\"unit\":\"celsius\"}");
        assertThat(PROVIDER.last().body()).contains("get_weather");
    }

    @Test
    void aStreamedToolCallIsReassembledByTheSdk() {
        StringBuilder arguments = new StringBuilder();
        try (var stream = openAi(agentToken()).chat().completions().createStreaming(chat("gpt-4o-mini")
                .addUserMessage("Weather in Berlin?").addTool(weatherTool()).build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().toolCalls()
                    .ifPresent(calls -> calls.forEach(c -> c.function().flatMap(f -> f.arguments()).ifPresent(arguments::append)))));
        }

        assertThat(arguments.toString()).isEqualTo("{\"city\":\"Berlin\",\"unit\":\"celsius\"}");
    }

    @Test
    void anAwsKeyAndAPrivateKeyInThePromptArriveMaskedAtTheProvider() {
        openAi(agentToken()).chat().completions().create(chat("gpt-4o-mini")
                .addSystemMessage("You debug CI failures. Deploy key: " + AWS_KEY)
                .addUserMessage("The job printed:\n" + PRIVATE_KEY + "\nwhat is wrong?").build());

        String sent = PROVIDER.last().body();
        assertThat(sent).doesNotContain(AWS_KEY).doesNotContain(PRIVATE_KEY_BODY)
                .contains("[REDACTED:aws-access-key]").contains("what is wrong?");
    }

    @Test
    void anAnthropicPromptIsMaskedAndTheKeyHeaderCarriesTheVaultsKey() {
        String token = agentToken();
        Message message = anthropic(token).messages().create(MessageCreateParams.builder().model("claude-haiku-4-5")
                .maxTokens(256).system("Deploy key " + AWS_KEY).addUserMessage("Log:\n" + PRIVATE_KEY).build());

        assertThat(message.content().getFirst().asText().text()).isEqualTo(String.join("", LlmProviderDouble.DEFAULT_ANSWER));
        LlmProviderDouble.Received sent = PROVIDER.last();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo(PROVIDER_KEY);
        assertThat(sent.headers().toString() + sent.body()).doesNotContain(token).doesNotContain(AWS_KEY)
                .doesNotContain(PRIVATE_KEY_BODY);
    }

    @Test
    void aSecretTheModelEchoesAcrossTwoEventsReachesTheAgentMasked() {
        PROVIDER.answer(List.of("Found it: the key ", "AKIA4QZ7", "XK2M9PLR3TWN", " is in build.env, rotate it."));
        StringBuilder text = new StringBuilder();
        try (var stream = openAi(agentToken()).chat().completions().createStreaming(chat("gpt-4o-mini")
                .addUserMessage("Where is the key?").build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append)));
        }

        assertThat(text.toString()).doesNotContain("AKIA4QZ7").doesNotContain("XK2M9PLR3TWN")
                .isEqualTo("Found it: the key [REDACTED:aws-access-key] is in build.env, rotate it.");
    }

    @Test
    void theResponsesApiAnswersWholeAndStreamedWithTheSecretItEchoesMasked() {
        PROVIDER.answer(List.of("Found it: the key ", "AKIA4QZ7", "XK2M9PLR3TWN", " is in build.env, rotate it."));
        String masked = "Found it: the key [REDACTED:aws-access-key] is in build.env, rotate it.";
        ResponseCreateParams params = ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("Where is the key? Mine is " + AWS_KEY).maxOutputTokens(256L).build();

        Response whole = openAi(agentToken()).responses().create(params);
        StringBuilder streamed = new StringBuilder();
        try (var stream = openAi(agentToken()).responses().createStreaming(params)) {
            stream.stream().forEach(event -> event.outputTextDelta().ifPresent(delta -> streamed.append(delta.delta())));
        }

        assertThat(whole.output().getFirst().asMessage().content().getFirst().asOutputText().text()).isEqualTo(masked);
        assertThat(streamed.toString()).isEqualTo(masked);
        assertThat(PROVIDER.received()).extracting(LlmProviderDouble.Received::path).containsOnly("/v1/responses");
        assertThat(PROVIDER.last().body()).doesNotContain(AWS_KEY).contains("[REDACTED:aws-access-key]");
    }

    @Test
    void embeddingsNeedNoMaxTokensLeaveMaskedAndAreRecordedWithTheirTokens() {
        var raw = openAi(agentToken()).embeddings().withRawResponse().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("index this: aws key " + AWS_KEY).build());
        String auditId = raw.headers().values("Gatehouse-Audit-Id").getFirst();
        CreateEmbeddingResponse embeddings = raw.parse();

        assertThat(embeddings.data()).hasSize(1);
        assertThat(embeddings.data().getFirst().embedding()).hasSize(8);
        assertThat(PROVIDER.last().path()).isEqualTo("/v1/embeddings");
        assertThat(PROVIDER.last().body()).doesNotContain(AWS_KEY).contains("[REDACTED:aws-access-key]");
        String session = AuditTopic.json(audit.await(e -> e.path("id").asString().equals(auditId))).path("sessionId").asString();
        JsonNode response = AuditTopic.json(audit.await(e -> e.path("sessionId").asString().equals(session)
                && e.path("kind").asString().equals("RESPONSE")));
        assertThat(response.path("operation").path("attributes").path("llm.inputTokens").asString()).isEqualTo("8");
    }

    @Test
    void anAnthropicStreamEchoingASecretAcrossEventsIsMaskedToo() {
        PROVIDER.answer(List.of("Token: ghp_R4nd0mL00k1ng", "T0k3nV4lu3F0rT3st1YKZXD", " (from the env dump)"));
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(agentToken()).messages().createStreaming(
                MessageCreateParams.builder().model("claude-haiku-4-5").maxTokens(256).addUserMessage("token?").build())) {
            stream.stream().forEach(event -> event.contentBlockDelta()
                    .flatMap(delta -> delta.delta().text()).ifPresent(t -> text.append(t.text())));
        }

        assertThat(text.toString()).doesNotContain("R4nd0mL00k1ng").doesNotContain("T0k3nV4lu3")
                .startsWith("Token: ").endsWith(" (from the env dump)").contains("[REDACTED:");
    }

    @Test
    void aDisallowedModelIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> openAi(agentToken()).chat().completions().create(chat("gpt-4o")
                .addUserMessage("hi").build()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("llm-model-allowlist");

        assertThat(PROVIDER.received()).as("the provider never saw the call").isEmpty();
    }

    @Test
    void aCallOverTheRepositorysBudgetIsRefusedWith429BeforeAnythingIsSent() {
        String token = OIDC.ciToken("repo:acme/budgeted:ref:refs/heads/main", Map.of("repository", "acme/budgeted"));

        RateLimitException refused = catchThrowableOfType(RateLimitException.class, () -> openAi(token).chat()
                .completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                        .maxCompletionTokens(1000).addUserMessage("hi").build()));

        assertThat(refused).hasMessageContaining("tokens-per-day:acme/budgeted");
        assertThat(PROVIDER.received()).isEmpty();
        String auditId = refused.headers().values("Gatehouse-Audit-Id").getFirst();
        JsonNode decision = AuditTopic.json(audit.await(e -> e.path("id").asString().equals(auditId)));
        assertThat(decision.path("kind").asString()).isEqualTo("DECISION");
        assertThat(decision.path("ruleId").asString()).isEqualTo("budget:tokens-per-day:acme/budgeted");
        assertThat(decision.path("status").asInt()).isEqualTo(429);
    }

    @Test
    void whenTheBudgetStoreCannotAnswerTheCallIsNotSent() {
        POLICY.respond(received -> {
            if (received.path().startsWith("/api/v1/budgets/")) {
                throw new IllegalStateException("policy-service's database is down");
            }
            return decision(received);
        });
        String token = OIDC.ciToken("repo:acme/budgeted:ref:refs/heads/main", Map.of("repository", "acme/budgeted"));

        var refused = catchThrowableOfType(com.openai.errors.OpenAIServiceException.class, () -> openAi(token).chat()
                .completions().create(ChatCompletionCreateParams.builder().model("gpt-4o-mini")
                        .maxCompletionTokens(10).addUserMessage("hi").build()));

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused).hasMessageContaining("budget could not be checked");
        assertThat(PROVIDER.received()).as("fail closed: the provider never saw the call").isEmpty();
    }

    @Test
    void eachCallIsOneRequestAndOneResponseEventWithItsTokens() {
        var raw = openAi(agentToken()).chat().completions().withRawResponse().create(chat("gpt-4o-mini")
                .addUserMessage("Deploy key " + AWS_KEY + " - count tokens").build());
        String auditId = raw.headers().values("Gatehouse-Audit-Id").getFirst();
        raw.parse();

        ConsumerRecord<String, String> request = audit.await(e -> e.path("id").asString().equals(auditId));
        JsonNode requestEvent = AuditTopic.json(request);
        String session = requestEvent.path("sessionId").asString();
        ConsumerRecord<String, String> response = audit.await(e -> e.path("sessionId").asString().equals(session)
                && e.path("kind").asString().equals("RESPONSE"));
        JsonNode responseEvent = AuditTopic.json(response);
        assertThat(requestEvent.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(requestEvent.path("operation").path("attributes").path("llm.model").asString()).isEqualTo("gpt-4o-mini");
        assertThat(requestEvent.path("operation").path("attributes").path("llm.promptSha256").asString()).hasSize(64);
        assertThat(requestEvent.path("payload").asString()).as("the redacted prompt as sent")
                .contains("[REDACTED:aws-access-key]").contains("count tokens");
        assertThat(request.value() + response.value()).doesNotContain(AWS_KEY);
        assertThat(responseEvent.path("operation").path("attributes").path("llm.inputTokens").asString()).isEqualTo("42");
        assertThat(responseEvent.path("operation").path("attributes").path("llm.outputTokens").asString()).isEqualTo("6");
        assertThat(responseEvent.path("payload").asString()).contains("The build failed because");
    }

    @Test
    void aStreamedAnswerIsOneResponseEventWithItsUsage() {
        var raw = openAi(agentToken()).chat().completions().withRawResponse().createStreaming(chat("gpt-4o-mini")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .addUserMessage("stream it").build());
        String auditId = raw.headers().values("Gatehouse-Audit-Id").getFirst();
        try (var stream = raw.parse()) {
            assertThat(stream.stream().map(ChatCompletionChunk::choices).count()).isPositive();
        }

        String session = AuditTopic.json(audit.await(e -> e.path("id").asString().equals(auditId))).path("sessionId").asString();
        JsonNode response = AuditTopic.json(audit.await(e -> e.path("sessionId").asString().equals(session)
                && e.path("kind").asString().equals("RESPONSE")));
        assertThat(response.path("operation").path("attributes").path("llm.outputTokens").asString()).isEqualTo("6");
        assertThat(JSON.readTree(response.path("payload").asString()).path("text").asString())
                .isEqualTo(String.join("", LlmProviderDouble.DEFAULT_ANSWER));
    }

    @Test
    void theTokenSentAsXApiKeyIsVerifiedAndNeverForwarded() {
        String token = agentToken();
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/llm/demo-llm/v1/chat/completions")).header("x-api-key", token).header("api-key", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":10,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")), null);

        assertThat(response.statusCode()).isEqualTo(200);
        LlmProviderDouble.Received sent = PROVIDER.last();
        assertThat(sent.header("x-api-key")).isNull();
        assertThat(sent.header("api-key")).isNull();
        assertThat(sent.header("Authorization")).isEqualTo("Bearer " + PROVIDER_KEY);
    }

    @Test
    void withoutAValidTokenOrWithABodyThatIsNoModelCallNothingIsSent() {
        HttpRequest.Builder call = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/llm/demo-llm/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"max_tokens\":10}"));
        assertThat(send(call.copy().header("x-api-key", "sk-not-a-ci-token"), null).statusCode()).isEqualTo(401);
        assertThat(send(call.copy(), null).statusCode()).isEqualTo(401);
        HttpResponse<String> broken = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/llm/demo-llm/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": [")), agentToken());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        assertThat(PROVIDER.received()).isEmpty();
    }

    private OpenAIClient openAi(String token) {
        return OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/llm/demo-llm/v1").apiKey(token)
                .maxRetries(0).build();
    }

    private AnthropicClient anthropic(String token) {
        return AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port + "/llm/demo-claude").apiKey(token)
                .maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).maxCompletionTokens(256);
    }

    private static ChatCompletionFunctionTool weatherTool() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object")).build())
                .build()).build();
    }

    private static String headerLease(String header, String secret) {
        return "{\"leaseId\":\"lease-1\",\"connection\":\"demo-claude\",\"credential\":{\"type\":\"HEADER\",\"header\":\""
                + header + "\",\"secret\":\"" + secret + "\"},\"expiresAt\":\"" + Instant.now().plusSeconds(3600) + "\"}";
    }

}
