package dev.gatehouse.proxy.route;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.kubernetes.KubernetesConnection;
import dev.gatehouse.proxy.kubernetes.SecretReads;
import dev.gatehouse.proxy.masking.BodyNotMaskable;
import dev.gatehouse.proxy.masking.MaskedBody;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingCounts;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * Masks what flows back from the target per the deciding rule's directives, before a byte reaches
 * the caller: headers in place, the body as it streams (bounded memory). A body that cannot be
 * masked (too large, unreadable) is refused with 502 unless the rule lets it pass; once bytes were
 * sent, the connection is cut instead. Only forwarded requests are touched: the proxy's own problem
 * answers pass as they are.
 */
@Component
public class MaskingResponseFilter implements GlobalFilter, Ordered {

    /** Wraps the response before {@link NettyWriteResponseFilter} writes the target's body into it. */
    public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;

    private static final Logger log = LoggerFactory.getLogger(MaskingResponseFilter.class);

    private final Masking masking;
    private final ProblemWriter problems;
    private final int captureBytes;

    MaskingResponseFilter(Masking masking, ProblemWriter problems, RecordingProperties recording) {
        this.masking = masking;
        this.problems = problems;
        this.captureBytes = (int) Math.min(Integer.MAX_VALUE, recording.payloadBytes().toBytes());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return chain.filter(exchange.mutate().response(new MaskingResponse(exchange)).build());
    }

    private final class MaskingResponse extends ServerHttpResponseDecorator {

        private final ServerWebExchange exchange;

        MaskingResponse(ServerWebExchange exchange) {
            super(exchange.getResponse());
            this.exchange = exchange;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            ProxiedRequest proxied = exchange.getAttribute(ProxiedRequest.ATTRIBUTE);
            if (proxied == null) {
                return super.writeWith(body);
            }
            if (exchange.getAttribute(KubernetesConnection.ATTRIBUTE) != null
                    && !SecretReads.maskable(proxied.operation().path(), getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))) {
                return refuseUnreadableSecret();
            }
            MaskingPlan plan = masking.plan(proxied.decision().masking());
            MaskingCounts headerCounts = masking.maskHeaders(getHeaders(), plan);
            MaskedBody masked = masking.maskBody(Flux.from(body), getHeaders(), plan, bufferFactory(),
                    exchange.getAttribute(ExchangeAttributes.RESPONSE_MASKERS));
            ResponseCapture capture = new ResponseCapture(captureBytes, getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                    headerCounts, masked);
            exchange.getAttributes().put(ResponseCapture.ATTRIBUTE, capture);
            ResponseFraming.chunked(exchange.getRequest().getMethod(), getStatusCode(), getHeaders());
            return super.writeWith(masked.body().doOnNext(capture::copy))
                    .onErrorResume(BodyNotMaskable.class, e -> refuse(e));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return writeWith(Flux.from(body).concatMap(Flux::from));
        }

        private Mono<Void> refuse(BodyNotMaskable e) {
            ServerHttpResponse response = getDelegate();
            log.warn("response of connection {} refused: {}", connection(), e.reason());
            if (response.isCommitted()) {
                return Mono.error(e);
            }
            response.getHeaders().clear();
            response.getHeaders().set(CredentialHeaders.AUDIT_ID, auditId());
            return problems.write(response, HttpStatus.BAD_GATEWAY, ProblemTypes.UPSTREAM_FAILED,
                    "the target's response could not be masked (" + e.reason().name().toLowerCase() + ")", Map.of());
        }

        private Mono<Void> refuseUnreadableSecret() {
            ServerHttpResponse response = getDelegate();
            log.warn("response of connection {} about secrets refused: not JSON", connection());
            response.getHeaders().clear();
            response.getHeaders().set(CredentialHeaders.AUDIT_ID, auditId());
            return problems.write(response, HttpStatus.BAD_GATEWAY, ProblemTypes.UPSTREAM_FAILED,
                    "the cluster's answer about secrets is not JSON, so its values could not be masked", Map.of());
        }

        private String connection() {
            ProxiedRequest proxied = exchange.getAttribute(ProxiedRequest.ATTRIBUTE);
            return proxied == null ? "?" : proxied.operation().connection();
        }

        private String auditId() {
            ProxiedRequest proxied = exchange.getAttribute(ProxiedRequest.ATTRIBUTE);
            return proxied == null ? "" : proxied.requestEventId().toString();
        }
    }
}
