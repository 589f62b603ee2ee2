package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.proxy.support.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1 keep-alive through the proxy (issue 16): a caller's connection carries request after request,
 * masked or not, instead of costing a TCP connection per request. Every exchange goes over one raw socket,
 * so a response that ends by closing the connection, or a request left unread, fails the test.
 */
class KeepAliveIT extends ProxyIntegrationTest {

    private static final String AWS_KEY = "AKIA4QZ7XK2M9PLR3TWN";

    @Test
    void twoMaskedResponsesArriveOnOneConnectionWhichStaysOpen() throws IOException {
        TARGET.respond(200, "{\"key\":\"" + AWS_KEY + "\",\"n\":1}");
        POLICY.respond(200, allow("rule-allow-reads").replaceFirst("\\}$",
                ",\"masking\":{\"detectors\":[\"secrets\"],\"style\":\"REDACT\"}}"));

        try (RawHttp.KeptConnection connection = RawHttp.keepAlive(port)) {
            for (String item : new String[]{"1", "2"}) {
                RawHttp.Response response = connection.exchange(get("/proxy/keep-masked/items/" + item));

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body()).doesNotContain(AWS_KEY).contains("[REDACTED:aws-access-key]").contains("\"n\":1");
                // masking may change the length: the body is chunked, never ended by closing the connection
                assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
                assertThat(response.header("Content-Length")).isNull();
                assertThat(response.header("Connection")).isNull();
            }
            assertThat(connection.closedByProxy()).isFalse();
        }
        assertThat(TARGET.received()).extracting(received -> received.path())
                .containsSubsequence("/base/items/1", "/base/items/2");
    }

    @Test
    void aResponseWithoutABodyIsNotAnnouncedAsChunkedAndKeepsTheConnection() throws IOException {
        TARGET.respond(204, "");

        try (RawHttp.KeptConnection connection = RawHttp.keepAlive(port)) {
            RawHttp.Response empty = connection.exchange(get("/proxy/keep-empty/items/1"));
            assertThat(empty.status()).isEqualTo(204);
            assertThat(empty.header("Transfer-Encoding")).isNull();

            TARGET.respond(200, "{\"after\":true}");
            RawHttp.Response next = connection.exchange(get("/proxy/keep-empty/items/2"));
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("{\"after\":true}");
        }
    }

    @Test
    void aHeadAnswerKeepsTheConnection() throws IOException {
        TARGET.respond(200, "{\"size\":\"twenty-five\"}");

        try (RawHttp.KeptConnection connection = RawHttp.keepAlive(port)) {
            RawHttp.Response head = connection.exchange(RawHttp.head("HEAD", "/proxy/keep-head/items/1",
                    "Authorization: Bearer " + agentToken()));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Connection")).isNull();

            RawHttp.Response next = connection.exchange(get("/proxy/keep-head/items/2"));
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.body()).isEqualTo("{\"size\":\"twenty-five\"}");
        }
    }

    /**
     * Reactor Netty 1.3.7 could stop reading a kept-alive connection when the next request arrived before
     * the previous exchange had fully terminated: the request then sat unanswered in the socket (about one
     * request in 600 of curl's runs). Requests sent back to back, proxied and the proxy's own, must all be answered.
     */
    @Test
    void hundredsOfRequestsBackToBackOnOneConnectionAreAllAnswered() throws IOException {
        String token = agentToken();
        String[] paths = {"/actuator/health/liveness", "/actuator/health", "/actuator/info", "/proxy/keep-many/items/7"};

        try (RawHttp.KeptConnection connection = RawHttp.keepAlive(port)) {
            for (int i = 0; i < 400; i++) {
                RawHttp.Response response = connection.exchange(RawHttp.head("GET", paths[i % paths.length],
                        "Authorization: Bearer " + token));
                assertThat(response.status()).as("request %d (%s)", i, paths[i % paths.length]).isEqualTo(200);
            }
        }
    }

    private static String get(String path) {
        return RawHttp.head("GET", path, "Authorization: Bearer " + agentToken());
    }
}
