package dev.gatehouse.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.testkit.JdkHttpServers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo HTTP target: answers every request with a JSON description of what it received and keeps
 * a record of each request, so tests can check what reached the target (and what never did). It
 * shows the Authorization header's scheme only: a demo that echoed the injected credential back to
 * the agent would teach the wrong lesson.
 */
public final class EchoTarget implements AutoCloseable {

    /**
     * What the target saw; header names lower-cased. {@code receivedNanos} is {@link System#nanoTime()} on
     * arrival, so a benchmark in the same JVM can time how long a request took to get here.
     */
    public record Received(String method, String path, String query, Map<String, String> headers, long receivedNanos) {
    }

    /**
     * Requests kept for {@link #received()}: the most recent ones. Bounded because the local stack also
     * serves benchmarks; an ever-growing copy-on-write list cost more CPU per request than the proxy did.
     */
    static final int KEPT = 10_000;

    private final HttpServer server;
    private final int kept;
    private final Deque<Received> received = new ArrayDeque<>();
    private final AtomicLong count = new AtomicLong();

    private EchoTarget(int port, int kept) {
        this.kept = kept;
        try {
            server = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the echo target on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public static EchoTarget start(int port) {
        return new EchoTarget(port, KEPT);
    }

    static EchoTarget start(int port, int kept) {
        return new EchoTarget(port, kept);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The most recent requests (at most {@value #KEPT} in the local stack), oldest first. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many requests reached the target since it started, including those no longer kept. */
    public long count() {
        return count.get();
    }

    private void record(Received request) {
        synchronized (received) {
            if (received.size() == kept) {
                received.removeFirst();
            }
            received.addLast(request);
        }
        count.incrementAndGet();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), Map.copyOf(headers), arrived);
            record(request);
            byte[] json = (request.path().equals(LEAKY_PATH) ? LEAKY_DOCUMENT : describe(request))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
        }
    }

    /**
     * A response that leaks what a careless service leaks: an AWS access key and a card number (both
     * fake, but shaped and checksummed like real ones). The proxy must mask them before the caller and
     * the audit trail see them.
     */
    public static final String LEAKY_PATH = "/demo/leaky-config";
    public static final String LEAKED_AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";
    public static final String LEAKED_CARD = "4666176031372159";
    private static final String LEAKY_DOCUMENT = "{\"service\":\"billing\",\"aws_access_key_id\":\"" + LEAKED_AWS_KEY
            + "\",\"region\":\"eu-west-1\",\"customer\":{\"name\":\"Ada\",\"card\":\"" + LEAKED_CARD + "\"}}";

    private static String describe(Received request) {
        String authorization = request.headers().getOrDefault("authorization", "");
        String scheme = authorization.contains(" ") ? authorization.substring(0, authorization.indexOf(' ')) : "";
        return "{\"target\":\"demo-echo\",\"method\":\"" + request.method() + "\",\"path\":\"" + escape(request.path())
                + "\",\"query\":" + (request.query() == null ? "null" : "\"" + escape(request.query()) + "\"")
                + ",\"authorizationScheme\":\"" + escape(scheme) + "\",\"gatehouseAuditId\":\""
                + escape(request.headers().getOrDefault("gatehouse-audit-id", "")) + "\"}";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
