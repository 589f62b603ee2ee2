package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, HTTP: an {@code Upgrade} (WebSocket, h2c, anything) on an allowed GET would open a tunnel
 * to the upstream carrying the vault's credential, with no decision per message. It is refused unless
 * the deciding rule allows WebSocket explicitly, and the refusal is in the audit trail.
 */
class UpgradeAttackIT extends HttpAttackTest {

    private static final String[] WEBSOCKET = {"Connection: Upgrade", "Upgrade: websocket",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"};

    @Test
    void aWebSocketUpgradeOnAnAllowedGetIsRefusedRecordedAndNoTunnelIsOpened() {
        int upgrades = UPSTREAM.upgrades();

        RawHttp.Response response = upstreamUntouchedBy(() -> raw(RawHttp.head("GET", "/proxy/upg-ws/socket",
                with(bearer(), WEBSOCKET))));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/upgrade-not-allowed\"");
        assertThat(UPSTREAM.upgrades()).isEqualTo(upgrades);
        JsonNode event = auditEvent(response.header("Gatehouse-Audit-Id"));
        assertThat(event.path("kind").asString()).isEqualTo("DECISION");
        assertThat(event.path("verdict").asString()).isEqualTo("DENY");
        assertThat(event.path("status").asInt()).isEqualTo(403);
        assertThat(event.path("operation").path("method").asString()).isEqualTo("GET");
        assertThat(event.path("operation").path("attributes").path("refused").asString()).isEqualTo("upgrade-not-allowed");
        assertThat(event.path("operation").path("attributes").path("upgrade").asString()).isEqualTo("websocket");
    }

    @Test
    void anH2cUpgradeIsNeverPerformedTheRequestIsAnsweredAsHttp11AndNoUpgradeReachesTheUpstream() {
        POLICY.respond(200, allowUpstream("allow-sockets", "websocket"));

        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/upg-h2c/x", bearer(),
                "Connection: Upgrade, HTTP2-Settings", "Upgrade: h2c", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"));

        assertThat(response.status()).as("RFC 9110 7.8: the upgrade is ignored, not performed").isEqualTo(200);
        assertThat(UPSTREAM.last().header("Upgrade")).isNull();
        assertThat(UPSTREAM.last().header("HTTP2-Settings")).isNull();
        assertThat(UPSTREAM.last().header("Connection")).isNull();
    }

    @Test
    void anUpgradeToAnyOtherProtocolIsRefusedEvenWhenTheRuleAllowsWebSockets() {
        POLICY.respond(200, allowUpstream("allow-sockets", "websocket"));

        RawHttp.Response tls = upstreamUntouchedBy(() -> raw(RawHttp.head("GET", "/proxy/upg-other/x", bearer(),
                "Connection: Upgrade", "Upgrade: TLS/1.2")));
        RawHttp.Response both = upstreamUntouchedBy(() -> raw(RawHttp.head("GET", "/proxy/upg-other/x", bearer(),
                "Connection: Upgrade", "Upgrade: h2c, websocket", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version: 13")));
        RawHttp.Response post = upstreamUntouchedBy(() -> raw(RawHttp.head("POST", "/proxy/upg-other/x", bearer(),
                "Connection: Upgrade", "Upgrade: websocket", "Content-Length: 0")));

        for (RawHttp.Response response : new RawHttp.Response[] {tls, both, post}) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body()).contains("upgrade-not-allowed");
        }
    }

    @Test
    void anUpgradeHeaderWithoutConnectionUpgradeIsRefusedToo() {
        RawHttp.Response response = upstreamUntouchedBy(() -> raw(RawHttp.head("GET", "/proxy/upg-bare/x", bearer(),
                "Upgrade: websocket", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13")));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("upgrade-not-allowed");
    }

    @Test
    void aRuleThatAllowsWebSocketsGetsATunnelAuditedAsAStreamFromOpenToClose() {
        POLICY.respond(200, allowUpstream("allow-sockets", "websocket"));
        int upgrades = UPSTREAM.upgrades();

        RawHttp.Response response = raw(RawHttp.head("GET", "/proxy/upg-allowed/socket", with(bearer(), WEBSOCKET)));

        assertThat(response.status()).isEqualTo(101);
        assertThat(UPSTREAM.upgrades()).isEqualTo(upgrades + 1);
        assertThat(UPSTREAM.last().header("Authorization")).isEqualTo("Bearer " + VAULT_SECRET);
        String auditId = UPSTREAM.last().header("Gatehouse-Audit-Id");
        JsonNode request = auditEvent(auditId);
        assertThat(request.path("kind").asString()).isEqualTo("REQUEST");
        assertThat(request.path("operation").path("attributes").path("upgrade").asString()).isEqualTo("websocket");
        JsonNode closed = auditEventOfSession(request.path("sessionId").asString(), "RESPONSE");
        assertThat(closed.path("status").asInt()).isEqualTo(101);
        assertThat(closed.has("durationMs")).isTrue();
    }

    private static String[] with(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
