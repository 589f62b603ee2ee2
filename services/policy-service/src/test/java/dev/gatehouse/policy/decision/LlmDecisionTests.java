package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.LlmFacts;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Verdict;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An llm connection decided on the call's facts: model allowlist, max_tokens ceiling, tools. */
class LlmDecisionTests {

    private static final PolicyEvaluator EVALUATOR = TestPolicies.compile("""
            apiVersion: gatehouse.dev/v1
            connections:
              - {name: model-api, type: llm, upstream: "http://llm.internal", settings: {provider: openai}}
              - {name: api, type: http, upstream: "http://api.internal"}
            rules:
              - id: deny-shell-tool
                action: deny
                connections: [model-api]
                match: {llm: {tools: ["run_shell*"]}}
              - id: llm-small-models
                action: allow
                connections: [model-api]
                subject: {claims: {repository: "acme/*"}}
                match: {llm: {models: ["gpt-4o-mini", "claude-haiku-*"], maxTokens: 1024, tools: ["get_*"]}}
              - {id: http-reads, action: allow, connections: [api]}
            """);
    private static final CallerIdentity CI = new CallerIdentity("https://token.actions.githubusercontent.com",
            "repo:acme/app:ref:refs/heads/main", Map.of("repository", "acme/app"));

    @Test
    void allowsAListedModelWithinTheCeilingAndListedTools() {
        Decision decision = decide("model-api", call("gpt-4o-mini", "512", "get_weather"));

        assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(decision.ruleId()).isEqualTo("llm-small-models");
    }

    @Test
    void refusesAModelNotOnTheList() {
        assertThat(decide("model-api", call("gpt-4o", "512", null)).verdict()).isEqualTo(Verdict.DENY);
    }

    @Test
    void refusesMaxTokensOverTheCeilingAndACallWithoutOne() {
        assertThat(decide("model-api", call("gpt-4o-mini", "1025", null)).verdict()).isEqualTo(Verdict.DENY);
        assertThat(decide("model-api", call("gpt-4o-mini", null, null)).verdict())
                .as("no max_tokens could run to the provider's maximum").isEqualTo(Verdict.DENY);
        assertThat(decide("model-api", call("gpt-4o-mini", "99999999999999999999", null)).verdict())
                .as("an unreadable number is over every ceiling").isEqualTo(Verdict.DENY);
    }

    @Test
    void anEmbeddingsCallNeedsNoMaxTokensButEveryGeneratingCallDoes() {
        Operation embeddings = call("gpt-4o-mini", null, null).withAttribute(LlmFacts.API, "openai.embeddings");
        Operation responses = call("gpt-4o-mini", null, null).withAttribute(LlmFacts.API, "openai.responses");

        assertThat(decide("model-api", embeddings).verdict()).as("nothing generated").isEqualTo(Verdict.ALLOW);
        assertThat(decide("model-api", responses).verdict()).isEqualTo(Verdict.DENY);
        assertThat(decide("model-api", call("gpt-4o", null, null).withAttribute(LlmFacts.API, "openai.embeddings"))
                .verdict()).as("the model list still applies").isEqualTo(Verdict.DENY);
    }

    @Test
    void refusesAToolNotOnTheListAndNamesTheDenyRuleForADeniedTool() {
        assertThat(decide("model-api", call("gpt-4o-mini", "10", "get_weather,delete_repo")).verdict())
                .isEqualTo(Verdict.DENY);
        Decision shell = decide("model-api", call("gpt-4o-mini", "10", "get_weather,run_shell_command"));
        assertThat(shell.verdict()).isEqualTo(Verdict.DENY);
        assertThat(shell.ruleId()).isEqualTo("deny-shell-tool");
    }

    @Test
    void anLlmConnectionWithoutTheCallsFactsIsRefused() {
        Decision bypass = decide("model-api", Operation.http("model-api", "POST", "/v1/chat/completions", null));

        assertThat(bypass.verdict()).as("reached through /proxy/, around the body's inspection").isEqualTo(Verdict.DENY);
    }

    @Test
    void llmFactsOnAnotherConnectionAreRefused() {
        assertThat(decide("api", call("gpt-4o-mini", "10", null).withAttribute("x", "y")).verdict())
                .isEqualTo(Verdict.DENY);
    }

    private static Decision decide(String connection, Operation operation) {
        Operation on = new Operation(connection, operation.protocol(), operation.method(), operation.path(),
                operation.query(), null, operation.headers(), null, operation.attributes());
        return EVALUATOR.decide(new DecisionRequest(CI, on));
    }

    private static Operation call(String model, String maxTokens, String tools) {
        Map<String, String> facts = new HashMap<>(Map.of(LlmFacts.API, "openai.chat", LlmFacts.MODEL, model));
        if (maxTokens != null) {
            facts.put(LlmFacts.MAX_TOKENS, maxTokens);
        }
        if (tools != null) {
            facts.put(LlmFacts.TOOLS, tools);
        }
        return new Operation("model-api", dev.gatehouse.model.Protocol.HTTP, "POST", "/v1/chat/completions", null,
                null, null, null, facts);
    }
}
