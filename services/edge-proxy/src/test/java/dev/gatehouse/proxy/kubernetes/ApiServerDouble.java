package dev.gatehouse.proxy.kubernetes;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The minimal Kubernetes API server the stream tests need, over TLS with its own CA (written for these
 * tests rather than fabric8's mock server, whose exec support was not checked): {@code GET pods/web} (kubectl exec reads the
 * pod first), {@code pods/{name}/exec} as a WebSocket choosing {@code v5}/{@code v4.channel.k8s.io} like
 * the API server, which writes stdout (channel 1), stderr (2) and the exit status (3) and closes ({@code cat}
 * echoes stdin until the client closes it, {@code flood} writes {@link #FLOOD} lines), or, for
 * pod {@code quiet}, only counts what it receives; a {@code watch} that sends two events and holds the
 * third until the test saw them; {@code pods/web/log} that streams {@link #LOG_BYTES} and holds midway;
 * {@code pods/{name}/portforward} as kubectl ≥ 1.31 and a recent API server speak it ({@link PortForwardServer}).
 */
final class ApiServerDouble implements AutoCloseable {

    static final long LOG_BYTES = 15L * 1024 * 1024 + 512 * 1024;
    static final long LOG_PAUSE_AT = 15L * 1024 * 1024;
    static final String OUTPUT_SECRET = "Zq8vR2mW7xK4pL9t";
    /** How many stdout messages {@code exec -- flood} writes: more than the proxy records as events. */
    static final int FLOOD = 400;
    private static final String SUCCESS = "{\"metadata\":{},\"status\":\"Success\"}";

    record Handshake(String path, String query, Map<String, String> headers) {
    }

    final ListenerCertificate ca = ListenerCertificate.generate();
    final List<Handshake> execs = new CopyOnWriteArrayList<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger quietFrames = new AtomicInteger();
    /** Port-forward WebSockets opened, and the bytes of SPDY they carried to the cluster. */
    final AtomicInteger portForwards = new AtomicInteger();
    final AtomicLong portForwardBytes = new AtomicLong();
    final List<String> portForwardIds = new CopyOnWriteArrayList<>();
    final AtomicLong logSent = new AtomicLong();
    volatile CountDownLatch watchRelease = new CountDownLatch(1);
    volatile CountDownLatch logRelease = new CountDownLatch(1);
    volatile boolean watchEnded;
    private final DisposableServer server;

    ApiServerDouble() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .secure(spec -> spec.sslContext(Http11SslContextSpec.forServer(ca.keys().getPrivate(), ca.certificate())))
                .handle(this::handle).bindNow();
    }

    String url() {
        return "https://localhost:" + server.port();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        String query = request.uri().contains("?") ? request.uri().substring(request.uri().indexOf('?') + 1) : "";
        requests.add(request.method() + " " + path);
        if (path.endsWith("/exec") && "websocket".equalsIgnoreCase(request.requestHeaders().get("Upgrade"))) {
            Map<String, String> headers = request.requestHeaders().entries().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue, (a, b) -> a + "," + b));
            execs.add(new Handshake(path, query, headers));
            if (path.contains("/pods/gone/")) {
                return response.status(404).sendString(Mono.just("{\"kind\":\"Status\",\"code\":404}")).then();
            }
            // pod "old" runs on an API server older than 1.30, which speaks v4 only
            String protocols = path.contains("/pods/old/") ? "v4.channel.k8s.io" : "v5.channel.k8s.io,v4.channel.k8s.io";
            return response.sendWebsocket((in, out) -> exec(path, query, in, out),
                    WebsocketServerSpec.builder().protocols(protocols).build());
        }
        if (path.endsWith("/portforward") && "websocket".equalsIgnoreCase(request.requestHeaders().get("Upgrade"))) {
            portForwards.incrementAndGet();
            portForwardIds.add(request.requestHeaders().get("gatehouse-audit-id"));
            return response.sendWebsocket((in, out) -> PortForwardServer.serve(in, out, portForwardBytes),
                    WebsocketServerSpec.builder().protocols(PortForwardTranscript.PROTOCOL).build());
        }
        response.header("Content-Type", "application/json");
        if (path.equals("/api") || path.equals("/apis") || path.equals("/api/v1")) {
            return response.sendString(Mono.just(discovery(path))).then();
        }
        if (path.matches("/api/v1/namespaces/default/pods/(web|old|gone)")) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            return response.sendString(Mono.just("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
                    + name + "\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":"
                    + "\"busybox\"}]},\"status\":{\"phase\":\"Running\"}}")).then();
        }
        if (path.equals("/api/v1/namespaces/default/pods/web")) {
            return response.sendString(Mono.just("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\","
                    + "\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox\"}]},"
                    + "\"status\":{\"phase\":\"Running\"}}")).then();
        }
        if (path.equals("/api/v1/namespaces/default/pods") && query.contains("watch=true")) {
            return watch(response);
        }
        if (path.equals("/api/v1/namespaces/default/pods/web/log")) {
            return log(response.header("Content-Type", "text/plain"));
        }
        return response.status(404).sendString(Mono.just("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":"
                + "\"Failure\",\"reason\":\"NotFound\",\"code\":404}")).then();
    }

    /** What kubectl's discovery reads: the core group with pods and their exec and log subresources. */
    private static String discovery(String path) {
        return switch (path) {
            case "/api" -> "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
            case "/apis" -> "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}";
            default -> "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
                    + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                    + "\"verbs\":[\"get\",\"list\",\"watch\"],\"shortNames\":[\"po\"]},"
                    + "{\"name\":\"pods/exec\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"PodExecOptions\","
                    + "\"verbs\":[\"create\",\"get\"]},"
                    + "{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]}]}";
        };
    }

    private Mono<Void> exec(String path, String query, WebsocketInbound in, WebsocketOutbound out) {
        if (path.contains("/pods/quiet/")) {
            return in.receiveFrames().doOnNext(frame -> quietFrames.incrementAndGet()).then();
        }
        String command = java.util.Arrays.stream(query.split("&")).filter(p -> p.startsWith("command="))
                .map(p -> java.net.URLDecoder.decode(p.substring(8), StandardCharsets.UTF_8))
                .collect(Collectors.joining(" "));
        boolean fails = query.contains("command=false");
        String status = fails ? "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero "
                + "exit code: exit status 3\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":"
                + "\"ExitCode\",\"message\":\"3\"}]}}" : SUCCESS;
        if (command.equals("cat")) {
            return echo(in, out);
        }
        if (command.equals("flood")) {
            return out.sendObject(Flux.concat(Flux.range(0, FLOOD).map(i -> frame(1, "line " + i + "\n")),
                    Mono.fromCallable(() -> frame(3, SUCCESS)))).then();
        }
        Flux<WebSocketFrame> frames = Flux.just(frame(1, "hello from " + command + "\n"),
                frame(2, "DATABASE_URL=postgresql://app:" + OUTPUT_SECRET + "@db.internal:5432/orders\n"),
                frame(3, status));
        return out.sendObject(frames).then();
    }

    /**
     * {@code exec -- cat}: each stdin message (channel 0) back as stdout; when the client closes stdin (255, 0)
     * the exit status, then the close. The inbound is read to its end, never cancelled: a cancelled receive
     * drops the connection before the status went out.
     */
    private static Mono<Void> echo(WebsocketInbound in, WebsocketOutbound out) {
        Sinks.Many<WebSocketFrame> replies = Sinks.many().unicast().onBackpressureBuffer();
        Mono<Void> reading = in.receiveFrames().filter(BinaryWebSocketFrame.class::isInstance)
                .map(frame -> io.netty.buffer.ByteBufUtil.getBytes(frame.content()))
                .doOnNext(bytes -> {
                    if (bytes.length > 1 && bytes[0] == 0) {
                        bytes[0] = 1;
                        replies.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
                    } else if (bytes.length > 0 && (bytes[0] & 0xff) == 255) {
                        replies.tryEmitNext(frame(3, SUCCESS));
                        replies.tryEmitComplete();
                    }
                }).then();
        return Mono.when(reading, out.sendObject(replies.asFlux()).then().then(out.sendClose()));
    }

    private static WebSocketFrame frame(int channel, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] framed = new byte[bytes.length + 1];
        framed[0] = (byte) channel;
        System.arraycopy(bytes, 0, framed, 1, bytes.length);
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(framed));
    }

    private Mono<Void> watch(HttpServerResponse response) {
        watchEnded = false;
        Flux<String> events = Flux.concat(Flux.just(event("ADDED", "a"), event("ADDED", "b")),
                Mono.fromCallable(() -> watchRelease.await(15, TimeUnit.SECONDS))
                        .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                        .map(released -> event("DELETED", "a")))
                .doOnComplete(() -> watchEnded = true);
        return response.sendString(events, StandardCharsets.UTF_8).then();
    }

    private static String event(String type, String name) {
        return "{\"type\":\"" + type + "\",\"object\":{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"default\"}}}\n";
    }

    private Mono<Void> log(HttpServerResponse response) {
        logSent.set(0);
        byte[] line = "2026-12-07T01:00:00Z level=info msg=\"request served\" path=/healthz status=200 ms=3\n"
                .getBytes(StandardCharsets.US_ASCII);
        int perChunk = 64 * 1024 / line.length;
        byte[] chunk = new byte[perChunk * line.length];
        for (int i = 0; i < perChunk; i++) {
            System.arraycopy(line, 0, chunk, i * line.length, line.length);
        }
        Flux<byte[]> chunks = Flux.<byte[]>generate(sink -> {
            long sent = logSent.get();
            if (sent >= LOG_BYTES) {
                sink.complete();
                return;
            }
            if (sent >= LOG_PAUSE_AT && logRelease.getCount() > 0) {
                await(logRelease);
            }
            logSent.addAndGet(chunk.length);
            sink.next(chunk);
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic());
        return response.sendByteArray(chunks).then();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
