package dev.gatehouse.proxy.route;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.netty.Connection;

import java.util.concurrent.Executor;

/**
 * The event loop a request's connection lives on. A request that waited for its write-ahead
 * acknowledgement goes on there rather than on the parallel scheduler: its upstream call is then made
 * from the loop it will be read on (Reactor Netty colocates the client connection with the calling
 * loop), saving a thread hand-off on each side of the wait.
 */
final class RequestLoop {

    private RequestLoop() {
    }

    /** The loop, or null when the request is not served by Reactor Netty (a mock exchange in a test). */
    static Executor of(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        return nativeRequest instanceof Connection connection ? connection.channel().eventLoop() : null;
    }
}
