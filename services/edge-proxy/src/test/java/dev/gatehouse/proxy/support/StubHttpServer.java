package dev.gatehouse.proxy.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A tiny HTTP server standing in for policy-service, the vault or a target: answers with a fixed
 * status and body (JSON unless told otherwise) and records every request it received.
 */
public final class StubHttpServer implements AutoCloseable {

    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile Function<Received, String> answer;
    private volatile String contentType = "application/json";

    public StubHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void respond(int status, String body) {
        respond(status, body, "application/json");
    }

    public void respond(int status, String body, String contentType) {
        this.status = status;
        this.body = body;
        this.contentType = contentType;
        this.answer = null;
    }

    /** Answers 200 with a body chosen per request (a policy that decides by method, say). */
    public void respond(Function<Received, String> answer) {
        this.status = 200;
        this.answer = answer;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        return received.getLast();
    }

    /** The last request to {@code path} (a policy stub also answers connection lookups beside decisions). */
    public Received last(String path) {
        return received().reversed().stream().filter(request -> request.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no request to " + path));
    }

    public int count() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()), requestBody);
        received.add(request);
        Function<Received, String> chosen = answer;
        byte[] bytes = (chosen == null ? body : chosen.apply(request)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
