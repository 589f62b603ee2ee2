package dev.gatehouse.proxy.kubernetes;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.testkit.AuditTopic;
import dev.gatehouse.testkit.RequiredTool;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 19's streams through the proxy with the real kubectl: an allowed {@code kubectl exec} relayed over
 * WebSocket ({@code v5.channel.k8s.io}) and recorded with its output and exit code, SPDY refused, malformed
 * frames closing the stream with nothing relayed, upgrades and a client's own impersonation refused with a
 * {@code Status} and nothing forwarded, and a watch and a large log passing chunk by chunk. The cluster is
 * {@link ApiServerDouble}; every assertion about what was (not) forwarded is made there.
 */
@TestPropertySource(properties = {"gatehouse.proxy.kubernetes.enabled=true", "gatehouse.proxy.kubernetes.port=0",
        "gatehouse.proxy.kubernetes.tls.self-signed=true"})
class ClusterStreamIT extends ProxyIntegrationTest {

    private static final ApiServerDouble CLUSTER = new ApiServerDouble();
    private static final HttpClient STREAMING = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static AuditTopic audit;

    @Autowired
    private KubernetesListener listener;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        audit.close();
        CLUSTER.close();
    }

    @BeforeEach
    void streamsAllowed() {
        policy("ALLOW", "websocket");
        CLUSTER.quietFrames.set(0);
    }

    @Test
    void anAllowedExecIsRelayedOverWebSocketAndRecordedWithItsOutputAndExitCode() throws IOException {
        int before = CLUSTER.execs.size();

        Kubectl.Run run = kubectl("exec", "web", "--", "echo", "hi");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("hello from echo hi");
        assertThat(CLUSTER.execs).hasSize(before + 1);
        ApiServerDouble.Handshake seen = CLUSTER.execs.getLast();
        assertThat(seen.query()).contains("command=echo&command=hi");
        assertThat(seen.headers().get("sec-websocket-protocol")).startsWith("v5.channel.k8s.io");
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        assertThat(seen.headers().get("impersonate-user")).isEqualTo("gatehouse:repo:acme/app:ref:refs/heads/main");
        JsonNode request = auditEvent(seen.headers().get("gatehouse-audit-id"));
        assertThat(request.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(request.path("operation").path("query").asString()).contains("command=echo&command=hi");
        assertThat(request.path("identity").toString()).contains("acme/app");
        // The stream's messages are session events numbered between its REQUEST and the RESPONSE at its end.
        JsonNode stdout = eventOf(request, 2);
        assertThat(stdout.path("kind").asString()).isEqualTo("RESPONSE");
        assertThat(stdout.path("operation").path("attributes").path("stream.channel").asString()).isEqualTo("stdout");
        assertThat(stdout.path("payload").asString()).isEqualTo("hello from echo hi\n");
        JsonNode stderr = eventOf(request, 3);
        assertThat(stderr.path("operation").path("attributes").path("stream.channel").asString()).isEqualTo("stderr");
        assertThat(stderr.path("payload").asString()).contains("DATABASE_URL=")
                .doesNotContain(ApiServerDouble.OUTPUT_SECRET);
        JsonNode response = eventOf(request, 4);
        assertThat(response).isEqualTo(responseOf(request));
        assertThat(response.path("status").asInt()).isEqualTo(101);
        assertThat(response.path("payload").asString()).startsWith("{\"version\":2,")
                .contains(",\"o\",\"hello from echo hi\\n\"]").contains("DATABASE_URL=")
                .doesNotContain(ApiServerDouble.OUTPUT_SECRET);
        JsonNode attributes = response.path("operation").path("attributes");
        assertThat(attributes.path("exec.exitCode").asString()).isEqualTo("0");
        assertThat(attributes.path("recording").asString()).isEqualTo("asciicast-v2");
        assertThat(attributes.path("stream.events").asString()).isEqualTo("2");
        assertThat(attributes.path("stream.protocol").asString()).isEqualTo("v5.channel.k8s.io");
    }

    @Test
    void whatTheAgentTypesIntoAnExecIsRecordedAsRequestEventsInOrder() {
        Kubectl.Run run = Kubectl.runWithInput(listener.port(), listener.certificatePem(), "k8s-stream", agentToken(),
                null, null, "first line\nsecret line AKIA4QZ7XK2M9PLR3TWN\n", "exec", "-i", "web", "--", "cat");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("first line").contains("AKIA4QZ7XK2M9PLR3TWN");
        JsonNode request = auditEvent(CLUSTER.execs.getLast().headers().get("gatehouse-audit-id"));
        JsonNode response = responseOf(request);
        long last = response.path("seq").asLong();
        StringBuilder typed = new StringBuilder();
        StringBuilder echoed = new StringBuilder();
        for (long seq = 2; seq < last; seq++) {
            JsonNode event = eventOf(request, seq);
            boolean stdin = event.path("operation").path("attributes").path("stream.channel").asString().equals("stdin");
            assertThat(event.path("kind").asString()).isEqualTo(stdin ? "REQUEST" : "RESPONSE");
            (stdin ? typed : echoed).append(event.path("payload").asString());
        }
        assertThat(typed.toString()).contains("first line").contains("secret line")
                .doesNotContain("AKIA4QZ7XK2M9PLR3TWN");
        assertThat(echoed.toString()).contains("first line").doesNotContain("AKIA4QZ7XK2M9PLR3TWN");
        assertThat(response.path("payload").asString()).contains(",\"i\",\"first line").contains(",\"o\",\"first line")
                .doesNotContain("AKIA4QZ7XK2M9PLR3TWN");
        assertThat(response.path("operation").path("attributes").path("exec.exitCode").asString())
                .as(response.path("operation").toString()).isEqualTo("0");
    }

    @Test
    void aSessionsStreamEventsAreCappedAndTheRestCounted() {
        Kubectl.Run run = kubectl("exec", "web", "--", "flood");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("line " + (ApiServerDouble.FLOOD - 1));
        JsonNode request = auditEvent(CLUSTER.execs.getLast().headers().get("gatehouse-audit-id"));
        JsonNode response = responseOf(request);
        JsonNode attributes = response.path("operation").path("attributes");
        assertThat(attributes.path("stream.events").asString()).isEqualTo(Integer.toString(StreamTranscript.EVENTS));
        assertThat(attributes.path("stream.messagesNotRecorded").asString())
                .isEqualTo(Integer.toString(ApiServerDouble.FLOOD - StreamTranscript.EVENTS));
        assertThat(response.path("seq").asLong()).isEqualTo(StreamTranscript.EVENTS + 2L);
        assertThat(response.path("payload").asString()).contains("line " + (ApiServerDouble.FLOOD - 1) + "\\n");
    }

    @Test
    void kubectlsV5IsRelayedOverTheV4OfAnOlderCluster() {
        Kubectl.Run run = kubectl("exec", "old", "--", "echo", "hi");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("hello from echo hi");
        JsonNode response = responseOf(auditEvent(CLUSTER.execs.getLast().headers().get("gatehouse-audit-id")));
        assertThat(response.path("operation").path("attributes").path("stream.protocol").asString())
                .isEqualTo("v5.channel.k8s.io over v4.channel.k8s.io");
        assertThat(response.path("operation").path("attributes").path("exec.exitCode").asString()).isEqualTo("0");
    }

    @Test
    void aStreamTheClusterRefusesIsAStatusAndTheClientIsNeverUpgraded() throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/gone/exec"
                + "?command=ls&stdout=true", agentToken())) {
            assertThat(socket.status()).isEqualTo(502);
            // the head and the body's first chunk (the Status is written in two)
            assertThat(socket.head()).contains("\"kind\":\"Status\"").contains("Gatehouse: the cluster did no");
        }
    }

    /** kubectl's default (SPDY in a WebSocket) and its SPDY fallback, which the SpdyDoor bridges to the former. */
    @ParameterizedTest
    @ValueSource(strings = {"websocket", "spdy"})
    void kubectlPortForwardCarriesEachConnectionAndTheTrailCountsThem(String transport) throws Exception {
        try (EchoPod pod = new EchoPod()) {
            int local = freePort();
            int before = CLUSTER.portForwards.get();
            try (Kubectl.Background kubectl = Kubectl.start(listener.port(), listener.certificatePem(), "k8s-stream",
                    agentToken(), transport.equals("spdy") ? Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false") : Map.of(),
                    "port-forward", "web", local + ":" + pod.port())) {
                await("kubectl listening").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.printed())
                        .contains("Forwarding from 127.0.0.1:" + local));
                byte[] payload = new byte[256 * 1024];
                new java.util.Random(19).nextBytes(payload);
                assertThat(roundTrip(local, payload)).as(kubectl.printed()).isEqualTo(payload);
                byte[] line = "second connection\n".getBytes(StandardCharsets.US_ASCII);
                assertThat(roundTrip(local, line)).isEqualTo(line);
            }
            assertThat(CLUSTER.portForwards.get()).isEqualTo(before + 1);
            JsonNode request = auditEvent(CLUSTER.portForwardIds.getLast());
            assertThat(request.path("kind").asString()).isEqualTo("REQUEST");
            assertThat(request.path("operation").path("path").asString()).endsWith("/pods/web/portforward");
            JsonNode response = endOf(request, "portforward.connections");
            JsonNode attributes = response.path("operation").path("attributes");
            assertThat(attributes.path("portforward.connections").asString()).isEqualTo("2");
            assertThat(attributes.path("portforward.ports").asString()).isEqualTo(Integer.toString(pod.port()));
            long bytes = 256 * 1024 + "second connection\n".length();
            assertThat(attributes.path("portforward.bytesToPod").asString()).isEqualTo(Long.toString(bytes));
            assertThat(attributes.path("portforward.bytesFromPod").asString()).isEqualTo(Long.toString(bytes));
            assertThat(attributes.path("stream.protocol").asString()).isEqualTo("SPDY/3.1+portforward.k8s.io");
            assertThat(eventOf(request, 2).path("payload").asString()).isEqualTo("connect to port " + pod.port()
                    + " (request 0)");
            assertThat(eventOf(request, 3).path("payload").asString()).isEqualTo("connect to port " + pod.port()
                    + " (request 1)");
        }
    }

    @Test
    void aPortForwardToAPortNobodyListensOnRecordsTheClustersError() throws Exception {
        int closed = freePort();
        int local = freePort();
        try (Kubectl.Background kubectl = Kubectl.start(listener.port(), listener.certificatePem(), "k8s-stream",
                agentToken(), Map.of(), "port-forward", "web", local + ":" + closed)) {
            await("kubectl listening").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.printed())
                    .contains("Forwarding from 127.0.0.1:" + local));
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", local)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write('x');
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
            }
            await("kubectl reports the cluster's error").atMost(Duration.ofSeconds(10))
                    .until(() -> kubectl.printed().contains("connection refused"));
        }
        JsonNode request = auditEvent(CLUSTER.portForwardIds.getLast());
        JsonNode error = eventOf(request, 3);
        assertThat(error.path("operation").path("attributes").path("stream.channel").asString()).isEqualTo("error");
        assertThat(error.path("payload").asString()).contains("forwarding " + closed + " -> " + closed)
                .contains("connection refused");
    }

    @Test
    void aDeniedPortForwardNeverReachesTheCluster() {
        String allowed = decision("ALLOW", "websocket");
        POLICY.respond(request -> request.path().startsWith("/api/v1/connections/") ? listed()
                : request.body().contains("/portforward") ? refuse("DENY", "k8s-no-port-forward") : allowed);
        int before = CLUSTER.portForwards.get();
        List<String> requests = new ArrayList<>(CLUSTER.requests);

        Kubectl.Run run = kubectl("port-forward", "web", freePortText() + ":80");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("upgrading connection").contains("rule k8s-no-port-forward");
        assertThat(CLUSTER.portForwards.get()).isEqualTo(before);
        assertThat(CLUSTER.requests.stream().filter(r -> !requests.contains(r) && r.contains("/portforward"))).isEmpty();
    }

    /** SPDY the proxy cannot follow (a frame of another version) ends the tunnel with 1002; none of it is relayed. */
    @ParameterizedTest
    @ValueSource(strings = {"version", "text"})
    void malformedSpdyClosesThePortForwardAndNothingReachesTheCluster(String kind) throws Exception {
        long before = CLUSTER.portForwardBytes.get();
        try (RawWebSocket socket = RawWebSocket.offering(new java.net.Socket("127.0.0.1", port), "SPDY/3.1+portforward.k8s.io",
                "/proxy/k8s-stream/api/v1/namespaces/default/pods/web/portforward", agentToken())) {
            assertThat(socket.status()).as(socket.head()).isEqualTo(101);
            assertThat(socket.head()).containsIgnoringCase("sec-websocket-protocol: SPDY/3.1+portforward.k8s.io");
            byte[] ping = {(byte) 0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1}; // a SPDY/2 PING
            socket.write(kind.equals("text") ? RawWebSocket.frame(0x81, "hello".getBytes(StandardCharsets.US_ASCII), true)
                    : RawWebSocket.frame(0x82, ping, true));

            RawWebSocket.Close close = socket.readClose();

            assertThat(close.code()).isEqualTo(kind.equals("text") ? 1003 : 1002);
            assertThat(close.reason()).contains(kind.equals("text") ? "text message" : "SPDY: SPDY version 2");
        }
        // nothing may arrive later either: the count holds for a while, not just once
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(CLUSTER.portForwardBytes.get()).as("SPDY bytes the cluster received")
                        .isEqualTo(before));
    }

    @Test
    void aPortForwardOfferingExecsProtocolIsRefusedBeforeTheClusterIsAsked() throws Exception {
        int before = CLUSTER.portForwards.get();
        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/web/portforward"
                + "?ports=80", agentToken())) {
            assertThat(socket.status()).isEqualTo(400);
            assertThat(socket.head()).contains("\"kind\":\"Status\"").contains("SPDY/3.1+portforward.k8s.io");
        }
        assertThat(CLUSTER.portForwards.get()).isEqualTo(before);
    }

    @Test
    void aFailingCommandsExitCodeReachesKubectlAndTheTrail() {
        Kubectl.Run run = kubectl("exec", "web", "--", "false");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        JsonNode response = responseOf(auditEvent(CLUSTER.execs.getLast().headers().get("gatehouse-audit-id")));
        assertThat(response.path("operation").path("attributes").path("exec.exitCode").asString()).isEqualTo("3");
    }

    /** kubectl's SPDY fallback: the SpdyDoor asks for the WebSocket form, so the stream is decided, relayed and recorded as one. */
    @Test
    void anExecOverSpdyIsBridgedToTheWebSocketFormAndRecordedAsOne() {
        int before = CLUSTER.execs.size();

        Kubectl.Run run = kubectlWithEnv("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "exec", "web", "--", "echo", "hi");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("hello from echo hi");
        assertThat(CLUSTER.execs).hasSize(before + 1);
        ApiServerDouble.Handshake seen = CLUSTER.execs.getLast();
        assertThat(seen.headers().get("authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        assertThat(seen.headers().get("impersonate-user")).isEqualTo("gatehouse:repo:acme/app:ref:refs/heads/main");
        JsonNode request = auditEvent(seen.headers().get("gatehouse-audit-id"));
        assertThat(request.path("operation").path("query").asString()).contains("command=echo&command=hi");
        JsonNode response = responseOf(request);
        assertThat(response.path("operation").path("attributes").path("exec.exitCode").asString()).isEqualTo("0");
        assertThat(response.path("payload").asString()).contains("hello from echo hi").contains("DATABASE_URL=")
                .doesNotContain(ApiServerDouble.OUTPUT_SECRET);
    }

    @Test
    void stdinAndTheExitCodeCrossTheSpdyBridge() {
        Kubectl.Run typed = Kubectl.runWithInput(listener.port(), listener.certificatePem(), "k8s-stream", agentToken(),
                "KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "over spdy\nsecond line\n", "exec", "-i", "web", "--", "cat");
        Kubectl.Run failing = kubectlWithEnv("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "exec", "web", "--", "false");

        assertThat(typed.exitCode()).as(typed.output()).isZero();
        assertThat(typed.output()).contains("over spdy").contains("second line");
        assertThat(failing.exitCode()).as(failing.output()).isEqualTo(3);
    }

    @Test
    void aDeniedExecOverSpdyIsTheStatusKubectlPrintsAndNoStreamReachesTheCluster() {
        String allowed = decision("ALLOW", "websocket");
        POLICY.respond(request -> request.path().startsWith("/api/v1/connections/") ? listed()
                : request.body().contains("/exec") ? refuse("DENY", "k8s-no-exec") : allowed);
        int before = CLUSTER.execs.size();
        List<String> requests = new ArrayList<>(CLUSTER.requests);

        Kubectl.Run run = kubectlWithEnv("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", "false", "exec", "web", "--", "rm", "-rf", "/data");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.output()).contains("rule k8s-no-exec");
        assertThat(CLUSTER.execs).hasSize(before);
        assertThat(CLUSTER.requests.stream().filter(r -> !requests.contains(r) && r.contains("/exec"))).isEmpty();
    }

    /**
     * Bare SPDY at the kubectl port written byte by byte: a frame of another version after stdin was opened ends
     * the connection and nothing reaches the cluster; the same stream without it does (so the first case can fail).
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void malformedSpdyAfterABareUpgradeEndsTheConnectionAndNothingReachesTheCluster(boolean malformed) throws Exception {
        try (java.net.Socket socket = kubectlPortSocket()) {
            String head = spdyUpgrade(socket, "/api/v1/namespaces/default/pods/quiet/exec?command=sh&stdin=true",
                    agentToken(), "v4.channel.k8s.io");
            assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: SPDY/3.1")
                    .contains("X-Stream-Protocol-Version: v4.channel.k8s.io");
            socket.getOutputStream().write(new SpdyWriter().synStream(1, Map.of("streamType", "stdin"), false));
            if (malformed) {
                socket.getOutputStream().write(new byte[] {(byte) 0x80, 2, 0, 6, 0, 0, 0, 4, 0, 0, 0, 1}); // SPDY/2
            }
            socket.getOutputStream().write(SpdyWriter.data(1, "id\n".getBytes(StandardCharsets.US_ASCII), 0, 3, false));
            socket.getOutputStream().flush();
            if (malformed) {
                byte[] rest = socket.getInputStream().readAllBytes(); // the reply to stream 1, then the close
                assertThat(rest.length).as("a SYN_REPLY at most").isLessThan(64);
            } else {
                await().atMost(Duration.ofSeconds(5)).until(() -> CLUSTER.quietFrames.get() > 0);
            }
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(CLUSTER.quietFrames.get()).as("frames the cluster received")
                        .isEqualTo(malformed ? 0 : 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.channel.k8s.io", "token", "path"})
    void aBareSpdyUpgradeTheDoorCannotServeIsAStatusAndNothingReachesTheCluster(String kind) throws Exception {
        int execs = CLUSTER.execs.size();
        List<String> requests = new ArrayList<>(CLUSTER.requests);
        try (java.net.Socket socket = kubectlPortSocket()) {
            String head = spdyUpgrade(socket, kind.equals("path") ? "/api/v1/namespaces/default/pods/web"
                            : "/api/v1/namespaces/default/pods/web/exec?command=id&stdout=true",
                    kind.equals("token") ? "not-a-token" : agentToken(),
                    kind.equals("v1.channel.k8s.io") ? kind : "v4.channel.k8s.io");
            String body = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(head).startsWith(kind.equals("token") ? "HTTP/1.1 401" : "HTTP/1.1 400");
            if (!kind.equals("token")) {
                assertThat(body).contains("\"kind\":\"Status\"").contains("SPDY upgrade through Gatehouse");
            }
        }
        assertThat(CLUSTER.execs).hasSize(execs);
        assertThat(CLUSTER.requests.stream().filter(r -> !requests.contains(r))).isEmpty();
    }

    @Test
    void aBareSpdyUpgradeOnTheMainPortIsRefusedAndNamesTheKubernetesPort() throws Exception {
        int execs = CLUSTER.execs.size();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String head = spdyUpgrade(socket, "/api/v1/namespaces/default/pods/web/exec?command=id&stdout=true",
                    agentToken(), "v4.channel.k8s.io");
            byte[] body = new byte[4096];
            int n = socket.getInputStream().read(body);
            assertThat(head).startsWith("HTTP/1.1 403");
            assertThat(new String(body, 0, Math.max(n, 0), StandardCharsets.UTF_8)).contains("Kubernetes port only");
        }
        assertThat(CLUSTER.execs).hasSize(execs);
    }

    /** A TLS socket to the kubectl port, trusting its generated certificate. */
    private java.net.Socket kubectlPortSocket() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("listener", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(listener.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        javax.net.ssl.TrustManagerFactory trusted = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trusted.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trusted.getTrustManagers(), null);
        java.net.Socket socket = tls.getSocketFactory().createSocket("localhost", listener.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends kubectl's SPDY upgrade request; the response head. */
    private static String spdyUpgrade(java.net.Socket socket, String apiPath, String token, String protocol) throws IOException {
        socket.getOutputStream().write(("POST /proxy/k8s-stream" + apiPath + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n"
                + "X-Stream-Protocol-Version: " + protocol + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = socket.getInputStream().read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** RFC 6455 violations after an allowed upgrade: netty closes with 1002/1009 and a reason; nothing relayed. */
    @ParameterizedTest
    @ValueSource(strings = {"reserved-opcode", "unmasked", "oversized"})
    void aMalformedFrameClosesTheStreamWithAReasonAndNothingIsRelayed(String kind) throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/quiet/exec"
                + "?command=sh&stdin=true&stdout=true", agentToken())) {
            assertThat(socket.status()).isEqualTo(101);
            socket.write(RawWebSocket.malformed(kind));

            RawWebSocket.Close close = socket.readClose();

            assertThat(close.code()).isIn(1002, 1009);
            assertThat(close.reason()).isNotBlank();
        }
        Thread.sleep(200);
        assertThat(CLUSTER.quietFrames.get()).as("frames the cluster received").isZero();
    }

    @Test
    void aWellFormedFrameIsRelayedSoTheMalformedCasesCanFail() throws Exception {
        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/quiet/exec"
                + "?command=sh&stdin=true", agentToken())) {
            assertThat(socket.status()).isEqualTo(101);
            socket.write(RawWebSocket.frame(0x82, new byte[] {0, 'l', 's', '\n'}, true));
            await().atMost(Duration.ofSeconds(5)).until(() -> CLUSTER.quietFrames.get() > 0);
        }
        assertThat(CLUSTER.quietFrames.get()).isEqualTo(1);
    }

    @Test
    void anUpgradeOnADeniedPathIsAStatusAndNoStreamReachesTheCluster() throws Exception {
        policy("DENY");
        int before = CLUSTER.execs.size();

        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/web/exec"
                + "?command=rm&command=-rf&command=/data", agentToken())) {
            assertThat(socket.status()).isEqualTo(403);
            assertThat(socket.head()).contains("\"kind\":\"Status\"");
        }
        policy("ALLOW");
        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/web/exec"
                + "?command=ls", agentToken())) {
            assertThat(socket.status()).as("a rule without websocket").isEqualTo(403);
            assertThat(socket.head()).contains("\"kind\":\"Status\"").contains("upgrade");
        }
        assertThat(CLUSTER.execs).hasSize(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Impersonate-User: system:admin", "Impersonate-Group: system:masters",
            "Impersonate-Extra-scopes: cluster-admin", "Impersonate-Uid: 0", "impersonate-extra-%41: x"})
    void aClientsOwnImpersonationIsAStatusAndNothingIsForwarded(String header) throws Exception {
        int requests = CLUSTER.requests.size();
        int execs = CLUSTER.execs.size();
        HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/proxy/k8s-stream/api/v1/namespaces/default/pods/web")).header(header.substring(0, header.indexOf(':')),
                header.substring(header.indexOf(':') + 2)).GET(), agentToken());
        try (RawWebSocket socket = RawWebSocket.open(port, "/proxy/k8s-stream/api/v1/namespaces/default/pods/web/exec"
                + "?command=id", agentToken(), header)) {
            assertThat(socket.status()).isEqualTo(403);
            assertThat(socket.head()).contains("\"kind\":\"Status\"").contains("Impersonate-*");
        }

        assertThat(plain.statusCode()).isEqualTo(403);
        assertThat(plain.body()).contains("\"kind\":\"Status\"");
        assertThat(CLUSTER.requests).hasSize(requests);
        assertThat(CLUSTER.execs).hasSize(execs);
    }

    @Test
    void aRequestBodyIsInTheTrailWithASecretsValuesMasked() {
        HttpResponse<String> secret = post("/api/v1/namespaces/default/secrets", "{\"kind\":\"Secret\",\"apiVersion\":"
                + "\"v1\",\"metadata\":{\"name\":\"db\"},\"data\":{\"password\":\"aHVudGVyMg==\"}}");
        HttpResponse<String> configMap = post("/api/v1/namespaces/default/configmaps", "{\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"settings\"},\"data\":{\"mode\":\"fast\"}}");

        JsonNode secretEvent = auditEvent(secret.headers().firstValue("Gatehouse-Audit-Id").orElseThrow());
        assertThat(secretEvent.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(secretEvent.path("payload").asString()).contains("\"db\"").contains("REDACTED")
                .doesNotContain("aHVudGVyMg==");
        JsonNode configEvent = auditEvent(configMap.headers().firstValue("Gatehouse-Audit-Id").orElseThrow());
        assertThat(configEvent.path("payload").asString()).contains("\"mode\":\"fast\"");
    }

    private HttpResponse<String> post(String apiPath, String json) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/proxy/k8s-stream" + apiPath))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)), agentToken());
    }

    @Test
    void aWatchsEventsReachTheClientBeforeTheClusterEndsTheStream() throws Exception {
        CLUSTER.watchRelease = new CountDownLatch(1);
        HttpResponse<InputStream> response = stream("/api/v1/namespaces/default/pods?watch=true");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String first = lines.readLine();
            String second = lines.readLine();
            assertThat(CLUSTER.watchEnded).as("the first events arrived only once the watch ended").isFalse();
            CLUSTER.watchRelease.countDown();
            assertThat(first).contains("\"ADDED\"").contains("\"a\"");
            assertThat(second).contains("\"b\"");
            assertThat(lines.readLine()).contains("\"DELETED\"");
        }
    }

    @Test
    void aLargeLogStreamsThroughInBoundedMemory() throws Exception {
        CLUSTER.logRelease = new CountDownLatch(1);
        long baseline = retainedBytes();
        HttpResponse<InputStream> response = stream("/api/v1/namespaces/default/pods/web/log?follow=true");
        long read = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = response.body()) {
            while (read < 12L * 1024 * 1024) {
                read += Math.max(0, body.read(buffer));
            }
            long sent = CLUSTER.logSent.get();
            long held = retainedBytes() - baseline;
            System.out.printf("log: %d bytes read by the client, %d sent by the cluster, %d bytes more heap+direct "
                    + "retained by the JVM%n", read, sent, held);
            assertThat(sent).as("the client read the log while the cluster still sent it").isLessThan(ApiServerDouble.LOG_BYTES);
            assertThat(held).as("memory retained while 12 MB streamed").isLessThan(8L * 1024 * 1024);
            CLUSTER.logRelease.countDown();
            int n;
            while ((n = body.read(buffer)) >= 0) {
                read += n;
            }
        }
        assertThat(read).isEqualTo(CLUSTER.logSent.get()).isGreaterThanOrEqualTo(ApiServerDouble.LOG_BYTES);
    }

    private static long retainedBytes() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                + PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
    }

    private HttpResponse<InputStream> stream(String apiPath) throws Exception {
        HttpResponse<InputStream> response = STREAMING.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/proxy/k8s-stream" + apiPath)).header("Authorization", "Bearer " + agentToken()).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static JsonNode auditEvent(String id) {
        return AuditTopic.json(audit.await(event -> event.path("id").asString().equals(id)));
    }

    /** The stream's RESPONSE at its end (its messages' events are RESPONSE events too, without an exit code). */
    private static JsonNode responseOf(JsonNode request) {
        String session = request.path("sessionId").asString();
        return AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(session)
                && event.path("kind").asString().equals("RESPONSE")
                && event.path("operation").path("attributes").has("exec.exitCode")));
    }

    private static JsonNode eventOf(JsonNode request, long seq) {
        String session = request.path("sessionId").asString();
        return AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(session)
                && event.path("seq").asLong() == seq));
    }

    private Kubectl.Run kubectl(String... args) {
        return kubectlWithEnv(null, null, args);
    }

    private Kubectl.Run kubectlWithEnv(String name, String value, String... args) {
        return Kubectl.run(listener.port(), listener.certificatePem(), "k8s-stream", agentToken(), name, value, args);
    }

    /** The stub policy: the connection (type kubernetes, the double's address and CA) and the verdict. */
    private static void policy(String verdict, String... permits) {
        String decision = decision(verdict, permits);
        POLICY.respond(request -> request.path().startsWith("/api/v1/connections/") ? listed() : decision);
    }

    private static String listed() {
        return "{\"name\":\"k8s-stream\",\"type\":\"KUBERNETES\",\"upstream\":\"" + CLUSTER.url()
                + "\",\"settings\":{\"caCertificate\":\"" + CLUSTER.ca.pem().replace("\n", "\\n") + "\"}}";
    }

    private static String decision(String verdict, String... permits) {
        return verdict.equals("ALLOW")
                ? "{\"verdict\":\"ALLOW\",\"ruleId\":\"k8s-exec\",\"audit\":\"WRITE_AHEAD\",\"target\":{\"name\":"
                + "\"k8s-stream\",\"protocol\":\"KUBERNETES\",\"upstream\":\"" + CLUSTER.url() + "\"}"
                + (permits.length == 0 ? "" : ",\"permits\":[\"" + String.join("\",\"", permits) + "\"]") + "}"
                : refuse(verdict, "k8s-no-exec");
    }

    /** A stream's RESPONSE at its end: the one event of its session that carries {@code attribute}. */
    private static JsonNode endOf(JsonNode request, String attribute) {
        String session = request.path("sessionId").asString();
        return AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(session)
                && event.path("kind").asString().equals("RESPONSE")
                && event.path("operation").path("attributes").has(attribute)));
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String freePortText() {
        try {
            return Integer.toString(freePort());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends {@code payload} through a new connection to {@code local}, half-closes, and reads the answer to its end. */
    private static byte[] roundTrip(int local, byte[] payload) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", local)) {
            socket.setSoTimeout(20_000);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException ignored) {
                    // the read below reports what came back
                }
            });
            byte[] answer = socket.getInputStream().readAllBytes();
            writer.join();
            return answer;
        }
    }

    /** The "pod" behind a port-forward: echoes each connection until the client half-closes it. */
    private static final class EchoPod implements AutoCloseable {
        private final java.net.ServerSocket server = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());

        EchoPod() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        java.net.Socket connection = server.accept();
                        Thread.ofVirtual().start(() -> echo(connection));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void echo(java.net.Socket connection) {
            try (connection) {
                connection.getInputStream().transferTo(connection.getOutputStream());
                connection.shutdownOutput();
            } catch (IOException ignored) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
