package dev.gatehouse.proxy.mcp;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One stdio MCP server process, for one MCP session of one caller. Messages go to its stdin one per line
 * (a line break between JSON tokens is spacing, so it becomes a space: the value sent is the one decided);
 * a reader thread takes its stdout line by line and hands each message to the request it answers (by id),
 * or, for the server's notifications and requests, to the newest request still waiting (the answer
 * stream that relays them, as Streamable HTTP does). A line over {@value #MAX_LINE} bytes or the end of
 * stdout ends the process and every waiting request.
 */
final class StdioProcess {

    static final int MAX_LINE = 4 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final OutputStream stdin;
    private final String connection;
    private final String owner;
    private final Map<String, Sinks.Many<String>> waiting = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> order = new ConcurrentLinkedDeque<>();
    private volatile long lastUsed = System.nanoTime();

    private StdioProcess(Process process, String connection, String owner) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.connection = connection;
        this.owner = owner;
    }

    static StdioProcess start(StdioCommand command, String credential, String connection, String owner)
            throws IOException {
        StdioProcess started = new StdioProcess(command.builder(credential).start(), connection, owner);
        Thread.ofVirtual().name("mcp-stdio-" + connection).start(started::read);
        return started;
    }

    boolean ownedBy(String owner) {
        return this.owner.equals(owner);
    }

    boolean belongsTo(String connection, String owner) {
        return this.connection.equals(connection) && this.owner.equals(owner);
    }

    /** The messages the server writes until its answer to {@code id}, that answer last. */
    Flux<String> request(byte[] message, JsonNode id) {
        String key = CanonicalJson.of(id);
        Sinks.Many<String> answers = Sinks.many().unicast().onBackpressureBuffer();
        waiting.put(key, answers);
        order.addLast(key);
        return write(message).thenMany(answers.asFlux())
                .doFinally(signal -> {
                    waiting.remove(key, answers);
                    order.remove(key);
                });
    }

    /** A notification, or the client's answer to a request of the server's: nothing comes back for it. */
    Mono<Void> send(byte[] message) {
        return write(message);
    }

    boolean idleLongerThan(long nanos) {
        return waiting.isEmpty() && System.nanoTime() - lastUsed > nanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    void kill() {
        process.destroyForcibly();
    }

    private Mono<Void> write(byte[] message) {
        lastUsed = System.nanoTime();
        byte[] line = new byte[message.length + 1];
        for (int i = 0; i < message.length; i++) {
            line[i] = message[i] == '\n' || message[i] == '\r' ? (byte) ' ' : message[i];
        }
        line[message.length] = '\n';
        return Mono.<Void>fromRunnable(() -> {
            synchronized (stdin) {
                try {
                    stdin.write(line);
                    stdin.flush();
                } catch (IOException e) {
                    kill();
                    throw new IllegalStateException("the stdio server does not take input", e);
                }
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private void read() {
        try (Reader out = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = out.read()) >= 0) {
                if (c != '\n') {
                    line.append((char) c);
                    if (line.length() > MAX_LINE) {
                        break;
                    }
                    continue;
                }
                deliver(line.toString().strip());
                line.setLength(0);
            }
        } catch (IOException e) {
            // the process ended: every waiting request ends below
        } finally {
            kill();
            waiting.values().forEach(answers -> answers.tryEmitError(
                    new IllegalStateException("the stdio server ended")));
        }
    }

    private void deliver(String line) {
        lastUsed = System.nanoTime();
        if (line.isEmpty()) {
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JacksonException e) {
            return; // not a message (a server that logs to stdout): never relayed
        }
        if (message == null || !message.isObject()) {
            return;
        }
        boolean answer = message.has("id") && !message.has("method");
        Sinks.Many<String> target = answer ? waiting.remove(CanonicalJson.of(message.get("id")))
                : newestWaiting();
        if (target != null) {
            target.tryEmitNext(line);
            if (answer) {
                target.tryEmitComplete();
            }
        }
    }

    private Sinks.Many<String> newestWaiting() {
        String key = order.peekLast();
        return key == null ? null : waiting.get(key);
    }
}
