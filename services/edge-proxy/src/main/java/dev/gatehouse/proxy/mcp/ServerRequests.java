package dev.gatehouse.proxy.mcp;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Requests the server sends inside an event-stream answer ({@code sampling/createMessage},
 * {@code elicitation/create}, {@code roots/list}, …: a JSON-RPC message with a method and an id) reach the
 * client only when {@code allowed} says yes for their method; others are dropped from the stream (the
 * server's request then goes unanswered and fails on its side). Notifications (progress, logging) and
 * answers pass. The stream is cut into events as it arrives (an event ends at a blank line); only events
 * that mention a method are parsed.
 */
final class ServerRequests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] METHOD = "\"method\"".getBytes(StandardCharsets.UTF_8);
    /** An event longer than this is no MCP message the proxy relays: the answer is cut off. */
    private static final int MAX_EVENT = 4 * 1024 * 1024;

    /** A request of the server's: its method and its id ({@code null} when its event could not be read). */
    record Request(String method, JsonNode id) {
    }

    private ServerRequests() {
    }

    static Flux<DataBuffer> filter(Flux<DataBuffer> body, DataBufferFactory buffers,
                                   Function<String, Mono<Boolean>> allowed) {
        return requests(body, buffers, request -> allowed.apply(request.method()));
    }

    /** As {@link #filter}, deciding on the whole request (the relay remembers the ids it let through). */
    static Flux<DataBuffer> requests(Flux<DataBuffer> body, DataBufferFactory buffers,
                                     Function<Request, Mono<Boolean>> allowed) {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        return body.concatMap(chunk -> {
                    byte[] bytes = new byte[chunk.readableByteCount()];
                    chunk.read(bytes);
                    DataBufferUtils.release(chunk);
                    pending.write(bytes, 0, bytes.length);
                    List<byte[]> events = completeEvents(pending);
                    return pending.size() > MAX_EVENT
                            ? Flux.error(new IllegalStateException("an event of the answer exceeds " + MAX_EVENT + " bytes"))
                            : Flux.fromIterable(events);
                }).concatWith(Flux.defer(() -> Flux.just(pending.toByteArray())))
                .concatMap(event -> kept(event, allowed))
                .filter(event -> event.length > 0)
                .map(buffers::wrap);
    }

    /** Takes the complete events (each with its blank line) out of {@code pending}. */
    private static List<byte[]> completeEvents(ByteArrayOutputStream pending) {
        byte[] all = pending.toByteArray();
        List<byte[]> events = new ArrayList<>();
        int start = 0;
        for (int i = 0; i + 1 < all.length; i++) {
            int end = all[i] == '\n' && all[i + 1] == '\n' ? i + 2
                    : all[i] == '\n' && all[i + 1] == '\r' && i + 2 < all.length && all[i + 2] == '\n' ? i + 3 : -1;
            if (end > 0) {
                events.add(java.util.Arrays.copyOfRange(all, start, end));
                start = end;
                i = end - 1;
            }
        }
        pending.reset();
        pending.write(all, start, all.length - start);
        return events;
    }

    private static Mono<byte[]> kept(byte[] event, Function<Request, Mono<Boolean>> allowed) {
        if (!contains(event, METHOD)) {
            return Mono.just(event);
        }
        Request request = request(new String(event, StandardCharsets.UTF_8));
        if (request == null) {
            return Mono.just(event);
        }
        return allowed.apply(request).map(yes -> yes ? event : new byte[0]);
    }

    /** The server request in this event's data, or null when the data is no request. */
    private static Request request(String event) {
        StringBuilder data = new StringBuilder();
        for (String line : event.replace("\r\n", "\n").split("\n")) {
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
            }
        }
        try {
            JsonNode message = JSON.readTree(data.toString());
            return message != null && message.has("id") && message.path("method").isString()
                    ? new Request(message.path("method").asString(), message.get("id")) : null;
        } catch (JacksonException e) {
            return new Request("unreadable", null); // not decidable: decided as a method no rule allows
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
