package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.McpFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a tool call's arguments mean to the policy, by the connection's settings. */
class ArgumentMeaningsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> SETTINGS = Map.of("sqlArguments", "query", "shellArguments",
            "command, script", "kubernetesArguments", "request, manifest:apply, doomed:delete");

    @Test
    void everyNamedShellArgumentIsSentAndTheArgumentsGoAsCanonicalJson() {
        ArgumentMeanings.Meanings meanings = read("{ \"script\": \"rm -rf /\", \"command\": \"ls\", \"n\": 1 }");

        assertThat(meanings.facts()).containsEntry(McpFacts.SHELL, "ls\u0000rm -rf /")
                .containsEntry(McpFacts.ARGUMENTS, "{\"command\":\"ls\",\"n\":1,\"script\":\"rm -rf /\"}");
        assertThat(meanings.statement()).isEmpty();
    }

    @Test
    void argumentsTooLargeForConditionsAreNotSentSoConditionsOverThemErr() {
        String big = "x".repeat(ArgumentMeanings.MAX_ARGUMENTS);

        assertThat(read("{\"text\":\"" + big + "\"}").facts()).doesNotContainKey(McpFacts.ARGUMENTS);
        assertThat(read("{}").facts()).containsEntry(McpFacts.ARGUMENTS, "{}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"command\":[\"rm\",\"-rf\",\"/\"]}", "{\"command\":{\"argv\":\"rm\"}}",
            "{\"command\":\"ls\\u0000rm -rf /\"}", "{\"request\":\"DELETE\\n/api/v1/pods\"}",
            "{\"request\":\"FETCH /api/v1/pods\"}", "{\"request\":\"GET /api/v1/pods x\"}",
            "{\"manifest\":\"apiVersion: v1\\nkind: Pod\"}", "{\"manifest\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
            + "\"metadata\":{\"name\":\"web\"}}}", "{\"manifest\":{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}}",
            "{\"doomed\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"namespace\":\"prod\"}}}",
            "{\"doomed\":{\"apiVersion\":\"../v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"a\",\"name\":\"b\"}}}",
            "{\"doomed\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"a/b\",\"name\":\"c\"}}}"})
    void anArgumentThatCannotBeReadAsTheConnectionSaysRefusesTheCall(String arguments) {
        assertThatThrownBy(() -> read(arguments)).isInstanceOf(ArgumentMeanings.UnreadableArgument.class);
    }

    @Test
    void aManifestBecomesTheApiRequestItsVerbMakes() {
        String applied = read("{\"manifest\":\"{\\\"apiVersion\\\":\\\"networking.k8s.io/v1\\\",\\\"kind\\\":"
                + "\\\"NetworkPolicy\\\",\\\"metadata\\\":{\\\"namespace\\\":\\\"prod\\\",\\\"name\\\":\\\"open\\\"}}\"}")
                .facts().get(McpFacts.KUBERNETES);
        String deleted = read("{\"doomed\":{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"prod\"}},"
                + "\"request\":\"GET /api/v1/namespaces/dev/pods?watch=1\"}").facts().get(McpFacts.KUBERNETES);

        assertThat(applied).isEqualTo("PATCH /apis/networking.k8s.io/v1/namespaces/prod/networkpolicies/open");
        assertThat(deleted).isEqualTo("GET /api/v1/namespaces/dev/pods?watch=1\u0000DELETE /api/v1/namespaces/prod");
        assertThat(KubernetesArguments.resource("Ingress")).isEqualTo("ingresses");
        assertThat(KubernetesArguments.resource("Gateway")).isEqualTo("gateways");
        assertThat(KubernetesArguments.resource("Endpoints")).isEqualTo("endpoints");
    }

    private static ArgumentMeanings.Meanings read(String arguments) {
        JsonNode node = JSON.readTree(arguments);
        return ArgumentMeanings.read(SETTINGS, node);
    }
}
