package dev.gatehouse.proxy.kubernetes;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpdyDoorTests {

    @Test
    void onlyASpdyUpgradeIsTakenOutOfTheHttpFlow() {
        assertThat(SpdyDoor.isSpdy(request("/proxy/k/api/v1/namespaces/d/pods/p/exec", Map.of("Upgrade", "SPDY/3.1")))).isTrue();
        assertThat(SpdyDoor.isSpdy(request("/proxy/k/x", Map.of("Upgrade", "spdy/3.1")))).isTrue();
        assertThat(SpdyDoor.isSpdy(request("/proxy/k/x", Map.of("Upgrade", "websocket")))).isFalse();
        assertThat(SpdyDoor.isSpdy(request("/proxy/k/x", Map.of()))).isFalse();
    }

    @Test
    void theHandshakesOwnHeadersStayAndTheClientsPass() {
        SpdyDoor.Upgrade upgrade = SpdyDoor.Upgrade.of(request("/proxy/k/api/v1/namespaces/d/pods/p/exec?command=id&stdout=true",
                Map.of("Upgrade", "SPDY/3.1", "Connection", "Upgrade", "Authorization", "Bearer t", "Content-Length", "0",
                        "X-Stream-Protocol-Version", "v4.channel.k8s.io, v3.channel.k8s.io", "Sec-WebSocket-Key", "x",
                        "Impersonate-User", "system:admin", "Host", "evil.example")));

        assertThat(upgrade.headers()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("Authorization", "Impersonate-User"); // the gate refuses the latter itself
        assertThat(upgrade.offered()).containsExactly("v4.channel.k8s.io", "v3.channel.k8s.io");
        assertThat(upgrade.exec()).isTrue();
        assertThat(upgrade.streamProtocol()).isEqualTo("v4.channel.k8s.io");
    }

    @Test
    void whatTheBridgesCannotServeHasNoStreamProtocolOrNoRoute() {
        assertThat(upgrade("/proxy/k/api/v1/namespaces/d/pods/p/exec", "v1.channel.k8s.io").streamProtocol()).isNull();
        assertThat(upgrade("/proxy/k/api/v1/namespaces/d/pods/p/portforward", "v4.channel.k8s.io").streamProtocol()).isNull();
        assertThat(upgrade("/proxy/k/api/v1/namespaces/d/pods/p/portforward", "PortForward.k8s.io").streamProtocol())
                .isEqualTo("PortForward.k8s.io");
        assertThat(upgrade("/proxy/k/api/v1/namespaces/d/pods/p", "v4.channel.k8s.io").exec()).isFalse();
        assertThat(upgrade("/api/v1/namespaces/d/pods/p/exec", "v4.channel.k8s.io").exec())
                .as("not a connection's route").isFalse();
        assertThat(upgrade("/proxy/k/api/v1/namespaces/d/pods/p/attach", "v4.channel.k8s.io").exec()).isTrue();
        // Netty's decoder refuses such a value before the door sees it; the door does not rely on that
        HttpRequest unchecked = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST,
                "/proxy/k/api/v1/namespaces/d/pods/p/exec", DefaultHttpHeadersFactory.headersFactory()
                .withNameValidation(false).withValidation(false));
        unchecked.headers().add("Upgrade", "SPDY/3.1").add("X-Stream-Protocol-Version", "v4.channel.k8s.io")
                .add("X-Note", "a\r\nImpersonate-User: system:admin");
        assertThat(SpdyDoor.Upgrade.of(unchecked).exec()).as("a line break in a header value").isFalse();
    }

    @Test
    void theStreamsAnExecOpensFollowItsQuery() {
        assertThat(SpdyExecBridge.expected("command=id&stdout=true&stderr=true")).containsExactlyInAnyOrder("error", "stdout", "stderr");
        assertThat(SpdyExecBridge.expected("command=sh&stdin=1&stdout=1&tty=true")).containsExactlyInAnyOrder("error", "stdin", "stdout", "resize");
        assertThat(SpdyExecBridge.expected("stdout=false&stdin=yes")).containsExactly("error");
        assertThat(SpdyExecBridge.expected("")).containsExactly("error");
    }

    private static SpdyDoor.Upgrade upgrade(String uri, String protocol) {
        return SpdyDoor.Upgrade.of(request(uri, Map.of("Upgrade", "SPDY/3.1", "X-Stream-Protocol-Version", protocol)));
    }

    private static HttpRequest request(String uri, Map<String, String> headers) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        headers.forEach((name, value) -> request.headers().add(name, value));
        return request;
    }
}
