package dev.gatehouse.testkit;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * JDK {@link HttpServer}s for the targets the tests and the local stack stand up, with TCP_NODELAY as any
 * real API server has. Without it the JDK server's small writes (a response's headers, then each chunk
 * of a stream) wait for the reader's delayed ACK: up to 40 ms on Linux, an artefact that made a streamed
 * answer through the proxy end ~40 ms late and slowed the echo target under keep-alive (issue 22). The
 * JDK reads the switch once per JVM, when its first server starts, so every target starts through here.
 */
public final class JdkHttpServers {

    private JdkHttpServers() {
    }

    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(address, backlog);
    }
}
