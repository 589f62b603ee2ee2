package dev.gatehouse.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A model provider on this machine, no network needed: OpenAI's chat completions ({@code POST
 * /v1/chat/completions}), Responses ({@code POST /v1/responses}), embeddings ({@code POST /v1/embeddings})
 * and {@code GET /v1/models}, and Anthropic's Messages ({@code POST /v1/messages}),
 * whole or streamed as server-sent events, shaped like the providers' recorded answers: a multi-chunk
 * text answer, or a tool call when the request offers tools (the first tool, arguments streamed in
 * pieces), with token usage. What it answers can be scripted ({@link #answer}: the text's pieces, one per
 * event); it records every request it received, headers and body, to assert what left the proxy.
 */
public final class LlmProviderDouble implements AutoCloseable {

    /** A request as it arrived. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue())).findFirst().orElse(null);
        }
    }

    public static final List<String> DEFAULT_ANSWER = List.of("The build", " failed because", " the test", " database",
            " was not", " reachable.");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.regex.Pattern BENCH = java.util.regex.Pattern.compile("bench:([0-9]{1,6})");

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile List<String> pieces = DEFAULT_ANSWER;

    public LlmProviderDouble() {
        this(0);
    }

    /** On {@code port} (0: any free one). */
    public LlmProviderDouble(int port) {
        try {
            server = JdkHttpServers.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next answers' text, one piece per streamed event. */
    public void answer(List<String> textPieces) {
        this.pieces = List.copyOf(textPieces);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public Received last() {
        return received.isEmpty() ? null : received.getLast();
    }

    public void reset() {
        received.clear();
        pieces = DEFAULT_ANSWER;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
            if (path.endsWith("/models")) {
                send(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\","
                        + "\"object\":\"model\",\"created\":1721172741,\"owned_by\":\"system\"}]}");
                return;
            }
            JsonNode request = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            boolean stream = request.path("stream").asBoolean(false);
            String tool = firstTool(request);
            ProviderAnswers answers = new ProviderAnswers(request.path("model").asString("unknown"), scripted(body), tool);
            if (path.endsWith("/chat/completions")) {
                if (stream) {
                    stream(exchange, answers.openAiEvents(request.path("stream_options").path("include_usage").asBoolean(false)));
                } else {
                    send(exchange, 200, "application/json", answers.openAiWhole());
                }
            } else if (path.endsWith("/messages")) {
                if (stream) {
                    stream(exchange, answers.anthropicEvents());
                } else {
                    send(exchange, 200, "application/json", answers.anthropicWhole());
                }
            } else if (path.endsWith("/responses")) {
                if (stream) {
                    stream(exchange, answers.responsesEvents());
                } else {
                    send(exchange, 200, "application/json", answers.responsesWhole());
                }
            } else if (path.endsWith("/embeddings")) {
                JsonNode input = request.path("input");
                send(exchange, 200, "application/json", answers.embeddings(input.isArray() ? input.size() : 1,
                        request.path("encoding_format").asString("float").equals("base64")));
            } else {
                send(exchange, 404, "application/json", "{\"error\":{\"message\":\"unknown path\",\"type\":\"invalid_request_error\"}}");
            }
        }
    }

    /** A prompt saying {@code bench:N} gets an answer of N pieces (the streaming benchmark's long answer). */
    private List<String> scripted(String body) {
        java.util.regex.Matcher bench = BENCH.matcher(body);
        if (!bench.find()) {
            return pieces;
        }
        int n = Math.min(100_000, Integer.parseInt(bench.group(1)));
        List<String> many = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            many.add(" token" + i);
        }
        return many;
    }

    private static String firstTool(JsonNode request) {
        JsonNode tools = request.path("tools");
        if (!(tools instanceof ArrayNode array) || array.isEmpty()) {
            return null;
        }
        JsonNode tool = array.get(0);
        String name = tool.path("function").path("name").asString(null);
        return name == null ? tool.path("name").asString("tool") : name;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** One event per write, flushed: the proxy sees the stream as a provider sends it. */
    private static void stream(HttpExchange exchange, List<String> events) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String event : events) {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
