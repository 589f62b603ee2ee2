package dev.gatehouse.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatehouse.testkit.JdkHttpServers;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;

/**
 * The drills' HTTP target: answers every request and writes one line per request it received to its own
 * log before answering ({@code <received-at-ms> <Gatehouse-Audit-Id> <method> <path>}). That log, not the
 * proxy's word, is what the drills compare the audit trail with.
 */
final class GroundTruthEcho implements AutoCloseable {

    private final HttpServer server;
    private final BufferedWriter log;

    GroundTruthEcho(int port, Path logFile) {
        try {
            log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            server = JdkHttpServers.create(new InetSocketAddress(Layout.HOST, port), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the echo target on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String auditId = exchange.getRequestHeaders().getFirst("Gatehouse-Audit-Id");
            String line = System.currentTimeMillis() + " " + (auditId == null ? "-" : auditId) + " "
                    + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "\n";
            synchronized (log) {
                log.write(line);
                log.flush();
            }
            byte[] body = ("{\"received\":\"" + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            log.close();
        } catch (IOException ignored) {
            // the process is ending
        }
    }
}
