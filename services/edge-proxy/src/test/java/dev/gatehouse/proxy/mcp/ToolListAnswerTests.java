package dev.gatehouse.proxy.mcp;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ToolListAnswerTests {

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[{\"name\":\"echo\"},"
            + "{\"name\":\"delete_repo\"},{\"name\":\"read_config\"}]}}";

    @Test
    void aJsonAnswerKeepsOnlyTheAllowedTools() {
        String filtered = filter(LIST, "application/json");

        assertThat(JsonMapper.builder().build().readTree(filtered).path("result").path("tools").findValuesAsString("name"))
                .containsExactly("echo", "read_config");
    }

    @Test
    void anEventStreamAnswerIsFilteredEventByEventAndOtherEventsPass() {
        String stream = "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\r\n\r\n"
                + "id: 7\nevent: message\ndata: " + LIST + "\n\n";

        String filtered = filter(stream, "text/event-stream");

        assertThat(filtered).contains("notifications/progress").contains("id: 7").contains("\"echo\"")
                .contains("read_config").doesNotContain("delete_repo");
    }

    private static String filter(String body, String contentType) {
        return new String(ToolListAnswer.filter(body.getBytes(StandardCharsets.UTF_8), contentType,
                tool -> Mono.just(!tool.path("name").asString().startsWith("delete"))).block(), StandardCharsets.UTF_8);
    }
}
