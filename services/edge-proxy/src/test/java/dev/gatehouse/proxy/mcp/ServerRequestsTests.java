package dev.gatehouse.proxy.mcp;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ServerRequestsTests {

    private static final DefaultDataBufferFactory BUFFERS = DefaultDataBufferFactory.sharedInstance;
    private static final String STREAM = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"sampling/createMessage\"}\n\n"
            + "event: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"e\",\r\ndata: \"method\":\"elicitation/create\"}\r\n\r\n"
            + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
            + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"the method\"}}\n\n";

    @Test
    void aServerRequestIsDroppedUnlessItsMethodIsAllowedWhereverTheChunksAreCut() {
        for (int cut = 1; cut < STREAM.length(); cut += 7) {
            List<String> asked = new ArrayList<>();
            String out = filter(chunks(STREAM, cut), method -> {
                asked.add(method);
                return Mono.just(method.equals("sampling/createMessage"));
            });

            assertThat(out).as("cut %d", cut).contains("sampling/createMessage").doesNotContain("elicitation/create")
                    .contains("notifications/progress").contains("\"result\"");
            assertThat(asked).containsExactly("sampling/createMessage", "elicitation/create");
        }
    }

    @Test
    void anEventThatCannotBeReadButMentionsAMethodIsDecidedAsUnreadable() {
        String out = filter(Flux.just("data: {\"method\": broken\n\ndata: {\"id\":1,\"result\":{}}\n\n"),
                method -> Mono.just(!method.equals("unreadable")));

        assertThat(out).doesNotContain("broken").contains("\"result\"");
    }

    private static Flux<String> chunks(String text, int size) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            parts.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return Flux.fromIterable(parts);
    }

    private static String filter(Flux<String> chunks, java.util.function.Function<String, Mono<Boolean>> allowed) {
        Flux<DataBuffer> body = chunks.map(part -> BUFFERS.wrap(part.getBytes(StandardCharsets.UTF_8)));
        return ServerRequests.filter(body, BUFFERS, allowed)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    return new String(bytes, StandardCharsets.UTF_8);
                })
                .collectList().map(parts -> String.join("", parts)).block();
    }
}
