package dev.gatehouse.proxy.mcp;

import dev.gatehouse.model.McpFacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class McpMessageTests {

    @Test
    void aToolCallGivesItsMethodAndToolAsFactsButNotItsArguments() {
        McpMessage message = read("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"query\",\"arguments\":{\"sql\":\"select 1\"}}}");

        assertThat(message.facts()).containsExactly(java.util.Map.entry(McpFacts.METHOD, "tools/call"),
                java.util.Map.entry(McpFacts.TOOL, "query"));
        assertThat(message.id().asInt()).isEqualTo(3);
        assertThat(message.notification()).isFalse();
    }

    @Test
    void aNotificationHasNoId() {
        assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").notification()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "{", "[]", "\"ping\"", "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a b\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":[1]}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"name\":\"drop\"}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\\u0000\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[]}",
            "{\"id\":1,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"extra\":{}}"})
    void whatIsNoSingleRequestOrNotificationIsRefused(String body) {
        assertThat(catchThrowableOfType(McpMessage.InvalidMcpMessage.class, () -> read(body))).as(body).isNotNull();
    }

    private static McpMessage read(String body) {
        return McpMessage.read(body.getBytes(StandardCharsets.UTF_8));
    }
}
