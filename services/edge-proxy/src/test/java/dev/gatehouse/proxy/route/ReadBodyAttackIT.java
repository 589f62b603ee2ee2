package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.Curl;
import dev.gatehouse.proxy.support.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, HTTP: a body on GET or HEAD (which some servers act on and caches and proxies disagree
 * about) is refused unless the deciding rule allows it ({@code bodyOnRead: true}), and the refusal is in
 * the audit trail as a denied request with its reason.
 */
class ReadBodyAttackIT extends HttpAttackTest {

    @Test
    void aGetWithABodyIsRefusedRecordedAndNeverForwarded() {
        Curl response = upstreamUntouchedBy(() -> curl("-X", "GET", "-H", "Content-Type: application/json",
                "--data", "{\"query\":{\"match_all\":{}}}", proxyUrl("/proxy/body-get/_search")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/body-not-allowed\"");
        JsonNode event = auditEvent(response.header("Gatehouse-Audit-Id"));
        assertThat(event.path("kind").asString()).isEqualTo("DECISION");
        assertThat(event.path("verdict").asString()).isEqualTo("DENY");
        assertThat(event.path("status").asInt()).isEqualTo(400);
        assertThat(event.path("operation").path("method").asString()).isEqualTo("GET");
        assertThat(event.path("operation").path("attributes").path("refused").asString()).isEqualTo("body-not-allowed");
    }

    @Test
    void aHeadOrChunkedGetWithABodyIsRefusedToo() {
        RawHttp.Response head = upstreamUntouchedBy(() -> raw(RawHttp.head("HEAD", "/proxy/body-head/x", bearer(),
                "Content-Length: 4") + "abcd"));
        RawHttp.Response chunked = upstreamUntouchedBy(() -> raw(RawHttp.head("GET", "/proxy/body-chunked/x", bearer(),
                "Transfer-Encoding: chunked") + "4\r\nabcd\r\n0\r\n\r\n"));

        assertThat(head.status()).isEqualTo(400);
        assertThat(chunked.status()).isEqualTo(400);
        assertThat(chunked.body()).contains("body-not-allowed");
    }

    @Test
    void anEmptyBodyOnAGetIsNoBody() {
        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/body-empty/x", bearer(), "Content-Length: 0"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().method()).isEqualTo("GET");
        assertThat(UPSTREAM.last().body()).isEmpty();
    }

    @Test
    void aRuleThatAllowsBodiesOnReadsGetsTheBodyForwarded() {
        POLICY.respond(200, allowUpstream("allow-search", "body-on-read"));

        Curl response = curl("-X", "GET", "-H", "Content-Type: application/json", "--data", "{\"q\":1}",
                proxyUrl("/proxy/body-allowed/_search"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().method()).isEqualTo("GET");
        assertThat(UPSTREAM.last().bodyText()).isEqualTo("{\"q\":1}");
    }
}
