package dev.gatehouse.proxy.kubernetes;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * kubectl's bare SPDY upgrade on the kubectl port (exec and attach before kubectl 1.30 or with
 * {@code KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false}; port-forward before 1.31 or with
 * {@code KUBECTL_PORT_FORWARD_WEBSOCKETS=false}), which the WebFlux stack cannot switch to: this handler, after
 * Netty's HTTP codec, takes such a request out of the HTTP flow and asks the proxy's own port for its WebSocket
 * form ({@link LoopbackWebSocket}: the same path, query and headers, token included), so authentication, the
 * decision, the write-ahead record, impersonation, the vault's credential and the relay are the WebSocket
 * path's, unchanged. A refusal goes back to the client as the proxy wrote it (a Kubernetes {@code Status});
 * once the WebSocket is open, the client gets its {@code 101} with the SPDY protocol it offered, the HTTP codec
 * leaves the connection, and a bridge joins the two: a port-forward's SPDY passes as it is ({@link SpdyBridge}),
 * an exec's streams become channels ({@link SpdyExecBridge}). Every other request passes untouched.
 */
final class SpdyDoor extends ChannelInboundHandlerAdapter {

    static final String NAME = "gatehouse.spdyDoor";
    private static final Logger log = LoggerFactory.getLogger(SpdyDoor.class);
    /** The client's handshake headers: the WebSocket form has its own. */
    private static final Set<String> NOT_PASSED = Set.of("host", "connection", "upgrade", "content-length",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "x-stream-protocol-version",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-protocol", "sec-websocket-extensions");

    private final Supplier<InetSocketAddress> proxy;
    private boolean upgrading;
    private SpdyBridge bridge;

    SpdyDoor(Supplier<InetSocketAddress> proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (bridge != null) {
            if (msg instanceof ByteBuf bytes) {
                bridge.fromClient(bytes);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (upgrading) {
            ReferenceCountUtil.release(msg); // the upgrade request's (empty) body
            return;
        }
        if (msg instanceof HttpRequest request && isSpdy(request)) {
            upgrading = true;
            ctx.channel().config().setAutoRead(false);
            Upgrade upgrade = Upgrade.of(request);
            ReferenceCountUtil.release(msg);
            Thread.ofVirtual().name("gatehouse-spdy-door").start(() -> open(ctx, upgrade));
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (bridge != null) {
            bridge.end();
        }
        super.channelInactive(ctx);
    }

    static boolean isSpdy(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.trim().toLowerCase(Locale.ROOT).startsWith("spdy/");
    }

    /** What the door keeps of the request: its target, headers, and the stream protocols offered. */
    record Upgrade(String uri, String path, List<Map.Entry<String, String>> headers, List<String> offered) {

        static Upgrade of(HttpRequest request) {
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            List<String> offered = new ArrayList<>();
            for (Map.Entry<String, String> header : request.headers()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("x-stream-protocol-version")) {
                    for (String value : header.getValue().split(",")) {
                        offered.add(value.trim());
                    }
                } else if (!NOT_PASSED.contains(name)) {
                    headers.add(Map.entry(header.getKey(), header.getValue()));
                }
            }
            String uri = request.uri();
            int query = uri.indexOf('?');
            return new Upgrade(uri, query < 0 ? uri : uri.substring(0, query), headers, offered);
        }

        boolean portForward() {
            return proxied() && path.endsWith("/portforward");
        }

        boolean exec() {
            return proxied() && (path.endsWith("/exec") || path.endsWith("/attach"));
        }

        /**
         * A connection's route, and a request line and headers that can be written again as they came: the
         * loopback request carries them, so nothing in them may end a line.
         */
        private boolean proxied() {
            return path.startsWith("/proxy/") && uri.matches("[\\x21-\\x7e]+") && headers.stream()
                    .allMatch(header -> (header.getKey() + header.getValue()).chars().noneMatch(c -> c < 0x20 && c != '\t'));
        }

        /** The SPDY stream protocol the client gets, or null when it offered none the bridge speaks. */
        String streamProtocol() {
            String wanted = portForward() ? "portforward.k8s.io" : SpdyExecBridge.PROTOCOL;
            return offered.stream().filter(wanted::equalsIgnoreCase).findFirst().orElse(null);
        }
    }

    private void open(ChannelHandlerContext ctx, Upgrade upgrade) {
        String protocol = upgrade.streamProtocol();
        if (!(upgrade.exec() || upgrade.portForward()) || protocol == null) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "a SPDY upgrade through Gatehouse is an exec, attach (X-Stream-"
                    + "Protocol-Version " + SpdyExecBridge.PROTOCOL + ") or port-forward (portforward.k8s.io)");
            return;
        }
        LoopbackWebSocket.Opened opened;
        try {
            opened = LoopbackWebSocket.open(proxy.get(), upgrade.uri(), upgrade.headers(),
                    upgrade.portForward() ? PortForwardTranscript.PROTOCOL : ClusterStreamFilter.PROTOCOLS.getFirst());
        } catch (IOException | RuntimeException e) {
            log.warn("a SPDY upgrade could not reach the proxy's own port: {}", e.getClass().getSimpleName());
            refuse(ctx, HttpResponseStatus.BAD_GATEWAY, "the stream could not be opened");
            return;
        }
        if (opened.refusal() != null) {
            LoopbackWebSocket.Refusal refusal = opened.refusal();
            ctx.executor().execute(() -> answer(ctx, refusal.status(), refusal.contentType(), refusal.body()));
            return;
        }
        String auditId = opened.headers().get("gatehouse-audit-id");
        ctx.executor().execute(() -> switchProtocols(ctx, upgrade, protocol, auditId, opened.socket()));
    }

    /** On the event loop: the 101, the codec out of the way, the bridge in, reads on again. */
    private void switchProtocols(ChannelHandlerContext ctx, Upgrade upgrade, String protocol, String auditId,
                                 LoopbackWebSocket inner) {
        if (!ctx.channel().isActive()) {
            inner.close();
            return;
        }
        // the protocol spdystream speaks, not the client's words echoed; the stream protocol is one the door knows
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                + "Upgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ").append(protocol).append("\r\n");
        if (auditId != null && auditId.matches("[0-9a-fA-F-]{1,64}")) {
            head.append("Gatehouse-Audit-Id: ").append(auditId).append("\r\n");
        }
        bridge = upgrade.portForward() ? new SpdyBridge(ctx, inner)
                : new SpdyExecBridge(ctx, inner, upgrade.uri().contains("?") ? upgrade.uri().substring(upgrade.uri().indexOf('?') + 1) : "");
        // bytes the codec still holds reach the bridge as it leaves; from now on they arrive, and go out, raw
        ctx.pipeline().remove(NettyPipeline.HttpCodec);
        ctx.writeAndFlush(Unpooled.copiedBuffer(head.append("\r\n"), StandardCharsets.US_ASCII));
        bridge.start();
        ctx.channel().config().setAutoRead(true);
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Gatehouse: "
                + message + "\",\"reason\":\"" + (status.code() == 400 ? "BadRequest" : "ServiceUnavailable")
                + "\",\"code\":" + status.code() + "}";
        ctx.executor().execute(() -> answer(ctx, status.code(), "application/json",
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A whole response, then the close: the connection was given to the upgrade and serves nothing else. */
    private static void answer(ChannelHandlerContext ctx, int status, String contentType, byte[] body) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        response.writeBytes(("HTTP/1.1 " + status + " " + HttpResponseStatus.valueOf(status).reasonPhrase()
                + "\r\nContent-Type: " + contentType.replaceAll("[\\r\\n]", "") + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        response.writeBytes(body);
        if (ctx.pipeline().get(NettyPipeline.HttpCodec) != null) {
            ctx.pipeline().remove(NettyPipeline.HttpCodec);
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(response.toByteArray())).addListener(ChannelFutureListener.CLOSE);
    }
}
