package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.StreamEvents;
import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.problem.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.server.WebsocketServerSpec;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Relays an allowed exec/attach or port-forward WebSocket (docs/architecture.md §3.12). By the time this runs
 * the request was decided with its command (the query) or its pod, recorded write-ahead and given the vault's
 * credential and the impersonation headers, like any request; {@code FormRefusal} let only a WebSocket
 * GET whose rule allows {@code websocket} come this far (SPDY, kubectl's fallback, is refused there). The
 * protocol must fit the subresource: a {@code portforward} path speaks {@code SPDY/3.1+portforward.k8s.io} (kubectl ≥
 * 1.31 tunnels SPDY in it; {@link PortForwardTranscript} reads it), any other the exec channels.
 * The cluster's side is opened first over the connection's TLS ({@link ClusterClients}), offering the
 * client's protocols the proxy can read ({@code v5}/{@code v4.channel.k8s.io}, binary channels); the client
 * is then upgraded to the one the cluster chose, and the two are relayed ({@link StreamRelay}). A cluster
 * that refuses the stream is a 502 {@code Status} and the client is never upgraded. Frames are capped
 * ({@link #MAX_FRAME}); netty refuses a malformed, oversized or unmasked frame and the stream ends.
 */
@Component
class ClusterStreamFilter implements GlobalFilter, Ordered {

    static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    static final int MAX_FRAME = 64 * 1024;
    private static final String ENDED = ClusterStreamFilter.class.getName() + ".ended";
    private static final Logger log = LoggerFactory.getLogger(ClusterStreamFilter.class);
    /** The client's handshake, not the cluster's: the upstream handshake is the WebSocket client's own. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "upgrade", "connection", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol", "content-length",
            "transfer-encoding");

    private final ClusterClients clients;
    private final ProblemWriter problems;
    private final Masking masking;
    private final HandshakeWebSocketService clientSide = new HandshakeWebSocketService(
            new ReactorNettyRequestUpgradeStrategy(() -> WebsocketServerSpec.builder().maxFramePayloadLength(MAX_FRAME)));

    ClusterStreamFilter(ClusterClients clients, ProblemWriter problems, Masking masking) {
        this.clients = clients;
        this.problems = problems;
        this.masking = masking;
    }

    @Override
    public int getOrder() {
        return NettyRoutingFilter.ORDER - 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        KubernetesConnection cluster = exchange.getAttribute(KubernetesConnection.ATTRIBUTE);
        URI target = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        HttpHeaders headers = exchange.getRequest().getHeaders();
        if (cluster == null || target == null || !headers.containsHeader(HttpHeaders.UPGRADE)) {
            return chain.filter(exchange);
        }
        ServerWebExchangeUtils.setAlreadyRouted(exchange);
        boolean portForward = target.getRawPath().endsWith("/portforward");
        List<String> offered = portForward ? offered(headers, List.of(PortForwardTranscript.PROTOCOL)) : offered(headers, PROTOCOLS);
        if (offered.isEmpty() || headers.getFirst("Sec-WebSocket-Key") == null
                || !"13".equals(headers.getFirst("Sec-WebSocket-Version"))) {
            // Checked before the cluster is asked: a command must not start for a client that gets no stream.
            return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, portForward
                    ? "port-forward through Gatehouse is a WebSocket speaking " + PortForwardTranscript.PROTOCOL
                    + " (kubectl 1.31 or later)"
                    : "streams through Gatehouse are WebSockets speaking " + String.join(" or ", PROTOCOLS));
        }
        ReactorNettyWebSocketClient client = new ReactorNettyWebSocketClient(clients.client(cluster),
                () -> WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME));
        Sinks.Empty<Void> ended = Sinks.empty();
        exchange.getAttributes().put(ENDED, ended);
        return client.execute(websocket(target), upstreamHeaders(headers),
                        new Side(portForward ? offered : towardCluster(offered),
                                clusterSide -> upgradeClient(exchange, offered, clusterSide)))
                .onErrorResume(e -> {
                    log.warn("stream of connection {} not opened: {}", cluster.name(), e.getClass().getSimpleName());
                    ended.tryEmitEmpty();
                    // The client was not upgraded: the refusal is an answer kubectl prints.
                    return exchange.getResponse().isCommitted() ? Mono.empty()
                            : problems.write(exchange, HttpStatus.BAD_GATEWAY, ProblemTypes.UPSTREAM_FAILED,
                            "the cluster did not open the stream");
                });
    }

    /**
     * The cluster's side is open: the client is upgraded to the protocol the cluster chose, or, when the
     * client offered {@code v5} only (kubectl ≥ 1.30) and the cluster speaks {@code v4} only (an older API
     * server, fabric8's mock server), to {@code v5} over the cluster's {@code v4}: the framing is the same
     * but for {@code v5}'s close signal (channel 255), which {@code v4} has no word for and is not relayed.
     * The cluster's session lasts until the relay ends; a client whose upgrade fails ends it.
     */
    private Mono<Void> upgradeClient(ServerWebExchange exchange, List<String> offered, WebSocketSession clusterSide) {
        String chosen = clusterSide.getHandshakeInfo().getSubProtocol();
        String protocol = offered.contains(chosen) ? chosen : offered.getFirst();
        boolean bridged = !protocol.equals(chosen);
        if (bridged && protocol.equals(PortForwardTranscript.PROTOCOL)) {
            // no other framing carries kubectl's SPDY: nothing to bridge, and nothing the proxy could read
            ended(exchange).tryEmitEmpty();
            return clusterSide.close(CloseStatus.GOING_AWAY).then(problems.write(exchange, HttpStatus.BAD_GATEWAY,
                    ProblemTypes.UPSTREAM_FAILED, "the cluster did not open a port-forward stream ("
                            + PortForwardTranscript.PROTOCOL + ")"));
        }
        StreamEvents events = exchange.getAttribute(ExchangeAttributes.STREAM_EVENTS);
        StreamRecording recording = protocol.equals(PortForwardTranscript.PROTOCOL)
                ? new PortForwardTranscript(events)
                : new StreamTranscript(bridged ? protocol + " over " + chosen : protocol, events,
                () -> masking.engine().live(masking.audit().plan()));
        exchange.getAttributes().put(ExchangeAttributes.ANSWER_RECORDER, recording);
        return clientSide.handleRequest(exchange, new Side(List.of(protocol),
                        session -> StreamRelay.relay(session, clusterSide, recording, bridged)
                                .doFinally(signal -> ended(exchange).tryEmitEmpty())))
                .then(Mono.defer(() -> ended(exchange).asMono()))
                .onErrorResume(e -> {
                    log.warn("the client's side of a stream was not opened: {}", e.getClass().getSimpleName());
                    ended(exchange).tryEmitEmpty();
                    return clusterSide.close(CloseStatus.GOING_AWAY).then(exchange.getResponse().isCommitted()
                            ? Mono.empty() : problems.write(exchange, HttpStatus.BAD_REQUEST,
                            ProblemTypes.INVALID_REQUEST, "the WebSocket handshake is not valid"));
                });
    }

    /**
     * Completes when the stream ended. The upgrade completes the exchange's chain before the stream ends;
     * the chain waits on this instead, so the RESPONSE event (ResponseAuditFilter) is written at the close,
     * with the transcript and the stream's duration.
     */
    private static Sinks.Empty<Void> ended(ServerWebExchange exchange) {
        return exchange.getAttribute(ENDED);
    }

    /** The client's offers among {@code readable}, the ones the proxy can read, in the client's order of preference. */
    static List<String> offered(HttpHeaders headers, List<String> readable) {
        List<String> offered = new ArrayList<>();
        for (String value : headers.getOrEmpty("Sec-WebSocket-Protocol")) {
            for (String protocol : value.split(",")) {
                String name = protocol.trim();
                // matched as the API server does, without regard to case, and passed on as the proxy spells it
                readable.stream().filter(name::equalsIgnoreCase).findFirst()
                        .filter(known -> !offered.contains(known)).ifPresent(offered::add);
            }
        }
        return offered;
    }

    /** What the cluster is offered: the client's protocols, and {@code v4} under a {@code v5} the cluster may not speak. */
    static List<String> towardCluster(List<String> offered) {
        if (!offered.contains(PROTOCOLS.getFirst()) || offered.contains(PROTOCOLS.getLast())) {
            return offered;
        }
        List<String> widened = new ArrayList<>(offered);
        widened.add(PROTOCOLS.getLast());
        return widened;
    }

    private static HttpHeaders upstreamHeaders(HttpHeaders request) {
        HttpHeaders upstream = new HttpHeaders();
        request.forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                upstream.addAll(name, values);
            }
        });
        return upstream;
    }

    private static URI websocket(URI target) {
        String scheme = "https".equalsIgnoreCase(target.getScheme()) ? "wss" : "ws";
        return URI.create(scheme + target.toString().substring(target.getScheme().length()));
    }

    /** One side of the stream: the protocols it offers (or accepts) and what runs once it is open. */
    private record Side(List<String> protocols, Function<WebSocketSession, Mono<Void>> handler)
            implements WebSocketHandler {

        @Override
        public List<String> getSubProtocols() {
            return protocols;
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            return handler.apply(session);
        }
    }
}
