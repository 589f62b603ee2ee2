package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.Curl;
import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.proxy.support.RawHttp;
import dev.gatehouse.proxy.support.RecordingUpstream;
import dev.gatehouse.testkit.AuditTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the attack tests share: the real proxy (Kafka, OIDC issuer) in front of a {@link RecordingUpstream}
 * that keeps every byte it received, a policy stub that decides by method as the demo policy does (the
 * attacker holds a CI token whose reads are allowed), curl and raw sockets as the attacker's clients.
 */
abstract class HttpAttackTest extends ProxyIntegrationTest {

    protected static final RecordingUpstream UPSTREAM = new RecordingUpstream();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    protected static AuditTopic audit;

    @BeforeAll
    static void readAuditTopic() {
        audit = new AuditTopic(KAFKA.bootstrapServers());
    }

    @AfterAll
    static void closeAuditTopic() {
        audit.close();
    }

    @BeforeEach
    void readsAllowedWritesDenied() {
        allowOnly("GET", "HEAD");
    }

    /** The policy allows these methods (rule {@code allow-reads}) and denies every other ({@code deny-writes}). */
    protected static void allowOnly(String... methods) {
        Set<String> allowed = Set.of(methods);
        POLICY.respond(request -> allowed.contains(decidedMethod(request.body()))
                ? allowUpstream("allow-reads") : refuse("DENY", "deny-writes"));
    }

    protected static String allowUpstream(String ruleId, String... permits) {
        String listed = Arrays.stream(permits).map(p -> "\"" + p + "\"").collect(Collectors.joining(","));
        return "{\"verdict\":\"ALLOW\",\"ruleId\":\"" + ruleId + "\",\"audit\":\"WRITE_AHEAD\",\"target\":"
                + "{\"name\":\"echo\",\"protocol\":\"HTTP\",\"upstream\":\"" + UPSTREAM.url() + "/base\"}"
                + (permits.length == 0 ? "" : ",\"permits\":[" + listed + "]") + "}";
    }

    /** The method the proxy asked policy-service about (its last decision request). */
    protected static String decidedMethod(String decisionRequest) {
        return JSON.readTree(decisionRequest).path("operation").path("method").asString();
    }

    protected static String lastDecidedMethod() {
        return decidedMethod(POLICY.last("/api/v1/decisions").body());
    }

    /** Runs {@code attack} and asserts that the upstream saw no new connection and not one byte. */
    protected static <T> T upstreamUntouchedBy(java.util.function.Supplier<T> attack) {
        int connections = UPSTREAM.connections();
        int bytes = UPSTREAM.bytesReceived();
        T result = attack.get();
        // A request the proxy let through would be on its way within this window: nothing may arrive in it.
        org.awaitility.Awaitility.await("the upstream stays untouched").during(java.time.Duration.ofMillis(300))
                .atMost(java.time.Duration.ofSeconds(2))
                .until(() -> UPSTREAM.bytesReceived() == bytes && UPSTREAM.connections() == connections);
        assertThat(UPSTREAM.bytesReceived()).as("bytes the upstream received:\n%s",
                UPSTREAM.received().substring(bytes)).isEqualTo(bytes);
        assertThat(UPSTREAM.connections()).as("connections to the upstream").isEqualTo(connections);
        return result;
    }

    protected RawHttp.Response raw(String request) {
        return RawHttp.exchange(port, request);
    }

    protected String bearer() {
        return "Authorization: Bearer " + agentToken();
    }

    protected String proxyUrl(String pathAndQuery) {
        return "http://127.0.0.1:" + port + pathAndQuery;
    }

    /** Runs curl (HTTP/1.1, the caller's token) and reads its {@code -i} output. */
    protected Curl curl(String... args) {
        return Curl.run(agentToken(), args);
    }

    protected static JsonNode auditEvent(String id) {
        return AuditTopic.json(audit.await(event -> event.path("id").asString().equals(id)));
    }

    protected static JsonNode auditEventOfSession(String sessionId, String kind) {
        return AuditTopic.json(audit.await(event -> event.path("sessionId").asString().equals(sessionId)
                && event.path("kind").asString().equals(kind)));
    }

}
