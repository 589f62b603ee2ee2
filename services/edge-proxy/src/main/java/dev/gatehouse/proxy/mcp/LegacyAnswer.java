package dev.gatehouse.proxy.mcp;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a message of the old HTTP+SSE transport ({@link LegacySse}): what the proxy would write
 * to the client (already filtered and masked: every other decorator wraps this one) goes onto the
 * caller's event stream, one message per event, and the POST itself is 202. The upstream's
 * {@code Mcp-Session-Id} is kept for the stream's next messages. An HTTP error (a malformed message, an
 * oversized one) stays the POST's own answer.
 */
final class LegacyAnswer extends ServerHttpResponseDecorator {

    private static final int MAX_ANSWER = 4 * 1024 * 1024;

    private final LegacySse.Stream stream;

    LegacyAnswer(ServerHttpResponse response, LegacySse.Stream stream) {
        super(response);
        this.stream = stream;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        if (getStatusCode() != null && getStatusCode().isError()) {
            return super.writeWith(body);
        }
        String contentType = getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
        return DataBufferUtils.join(Flux.from(body), MAX_ANSWER)
                .map(joined -> {
                    try {
                        return joined.toString(StandardCharsets.UTF_8);
                    } finally {
                        DataBufferUtils.release(joined);
                    }
                })
                .defaultIfEmpty("")
                .flatMap(text -> {
                    relay(text, contentType);
                    return accepted();
                });
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return writeWith(Flux.from(body).flatMapSequential(Flux::from));
    }

    @Override
    public Mono<Void> setComplete() {
        if (getStatusCode() != null && getStatusCode().isError()) {
            return super.setComplete();
        }
        return accepted();
    }

    private void relay(String text, String contentType) {
        String session = getHeaders().getFirst(McpInspectionFilter.SESSION_HEADER);
        if (session != null) {
            stream.upstreamSession = session;
        }
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream")) {
            for (String event : text.replace("\r\n", "\n").split("\n\n")) {
                StringBuilder data = new StringBuilder();
                for (String line : event.split("\n")) {
                    if (line.startsWith("data:")) {
                        data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                    }
                }
                if (!data.isEmpty()) {
                    stream.send(data.toString().replace("\n", " "));
                }
            }
        } else if (!text.isBlank()) {
            stream.send(text.replace("\n", " ").replace("\r", " "));
        }
    }

    private Mono<Void> accepted() {
        ServerHttpResponse response = getDelegate();
        response.setStatusCode(HttpStatus.ACCEPTED);
        response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
        response.getHeaders().remove(HttpHeaders.CONTENT_LENGTH);
        response.getHeaders().remove(McpInspectionFilter.SESSION_HEADER);
        return response.setComplete();
    }
}
