package dev.gatehouse.proxy.problem;

import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The proxy's one problem+json writer: written straight to the response, since refusals happen in
 * security filters and gateway filters, before (or instead of) any handler; {@link #body} gives the same
 * document to a functional endpoint and to the Netty framing guard, which answer outside those. Details
 * are fixed strings chosen by the caller of this class; nothing from the request or a token is echoed.
 */
@Component
public class ProblemWriter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, URI type, String detail) {
        return write(exchange, status, type, detail, Map.of());
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, URI type, String detail,
                            Map<String, ?> extensions) {
        if (Boolean.TRUE.equals(exchange.getAttribute(ExchangeAttributes.KUBERNETES_ANSWERS))) {
            return writeStatus(exchange.getResponse(), status, type, detail, extensions);
        }
        Object mcpId = exchange.getAttribute(ExchangeAttributes.MCP_ANSWERS);
        if (mcpId != null && status != HttpStatus.UNAUTHORIZED) {
            return JsonRpcErrors.write(exchange.getResponse(), mcpId, status, type, detail, extensions);
        }
        return write(exchange.getResponse(), status, type, detail, extensions);
    }

    /** The same refusal as a Kubernetes {@code Status} (kubectl prints its message, not a problem document). */
    private static Mono<Void> writeStatus(ServerHttpResponse response, HttpStatus status, URI type, String detail,
                                          Map<String, ?> extensions) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(KubernetesStatus.body(status, type, detail, extensions));
        return response.writeWith(Mono.just(buffer));
    }

    /** Writes to this response object itself (say, the undecorated one under a body-rewriting decorator). */
    public Mono<Void> write(ServerHttpResponse response, HttpStatus status, URI type, String detail,
                            Map<String, ?> extensions) {
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        DataBuffer buffer = response.bufferFactory().wrap(body(status, type, detail, extensions));
        return response.writeWith(Mono.just(buffer));
    }

    /** The document: type, title (the status's reason phrase), status, detail, then the non-null extensions. */
    public static byte[] body(HttpStatus status, URI type, String detail, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.toString());
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        extensions.forEach((name, value) -> {
            if (value != null) {
                body.put(name, value);
            }
        });
        return JSON.writeValueAsBytes(body);
    }
}
