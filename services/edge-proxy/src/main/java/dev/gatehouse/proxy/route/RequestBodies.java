package dev.gatehouse.proxy.route;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A proxied request's body is read whole (bounded) before anything is decided or forwarded
 * ({@link RequestPreparationFilter}): a body that did not arrive intact never reaches the upstream, a
 * reviewed request's bytes are exactly what is approved, and exactly those bytes are forwarded.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /** The whole body, or {@link TooLarge} beyond {@code maxBytes}. */
    static Mono<byte[]> read(ServerWebExchange exchange, int maxBytes) {
        if (exchange.getRequest().getHeaders().getContentLength() > maxBytes) {
            return Mono.error(new TooLarge());
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), maxBytes)
                .map(RequestBodies::copyAndRelease)
                .defaultIfEmpty(new byte[0])
                .onErrorMap(DataBufferLimitException.class, e -> new TooLarge());
    }

    /** The exchange with a request that replays {@code body}, byte for byte, on every subscription. */
    static ServerWebExchange replaying(ServerWebExchange exchange, byte[] body) {
        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> body.length == 0 ? Flux.empty()
                        : Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return exchange.mutate().request(replay).build();
    }

    private static byte[] copyAndRelease(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    static final class TooLarge extends RuntimeException {
        TooLarge() {
            super("request body too large", null, false, false);
        }
    }
}
