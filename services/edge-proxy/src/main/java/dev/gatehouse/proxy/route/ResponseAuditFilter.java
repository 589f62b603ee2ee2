package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.exchange.AnswerRecorder;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.gate.Gate;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.concurrent.TimeUnit;

/**
 * Publishes the RESPONSE event of an allowed request once the whole exchange is done (for a WebSocket:
 * once its tunnel closed, so the trail has its open and its close), with what
 * {@link MaskingResponseFilter} masked and the (masked) start of the body. Ordered before
 * {@link NettyWriteResponseFilter} so that its chain completes only after the body was written; the
 * event does not hold the caller (a failure is logged).
 */
@Component
public class ResponseAuditFilter implements GlobalFilter, Ordered {

    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 1;

    private final Gate gate;
    private final AuditEvents events;

    ResponseAuditFilter(Gate gate, AuditEvents events) {
        this.gate = gate;
        this.events = events;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange).doFinally(signal -> {
            ProxiedRequest request = exchange.getAttribute(ProxiedRequest.ATTRIBUTE);
            if (request != null) {
                // A WebSocket a rule allowed ends here when its tunnel closes: the 101 went out, not the 200
                // the response object still holds. A failed handshake ends in an error instead.
                HttpStatusCode status = request.operation().attributes().containsKey("upgrade")
                        && signal == SignalType.ON_COMPLETE
                        ? HttpStatus.SWITCHING_PROTOCOLS : exchange.getResponse().getStatusCode();
                long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.startedNanos());
                ResponseCapture capture = exchange.getAttribute(ResponseCapture.ATTRIBUTE);
                AnswerRecorder answer = exchange.getAttribute(ExchangeAttributes.ANSWER_RECORDER);
                gate.recordAfter(events.response(request, status == null ? null : status.value(), durationMs, capture,
                        answer == null ? null : answer.answer()));
            }
        });
    }
}
