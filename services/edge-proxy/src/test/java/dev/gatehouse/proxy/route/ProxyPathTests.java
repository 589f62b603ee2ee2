package dev.gatehouse.proxy.route;

import dev.gatehouse.model.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxyPathTests {

    @Test
    void splitsConnectionFromTheRawPathAndQuery() {
        ProxyPath path = ProxyPath.parse("/proxy/orders-api/v1/items/a%20b", "x=1&y=%3D");

        assertThat(path).isEqualTo(new ProxyPath("orders-api", "/v1/items/a%20b", "x=1&y=%3D"));
    }

    @Test
    void connectionWithoutPathTargetsTheUpstreamRoot() {
        assertThat(ProxyPath.parse("/proxy/echo", null)).isEqualTo(new ProxyPath("echo", "/", null));
        assertThat(ProxyPath.parse("/proxy/echo/", "")).isEqualTo(new ProxyPath("echo", "/", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/proxy/echo/../admin", "/proxy/echo/./x", "/proxy/echo/a/..", "/proxy/../x",
            "/proxy/echo/%2e%2e/x", "/proxy/echo/%2E./x", "/proxy/echo/a%2fb", "/proxy/echo/a%5Cb",
            "/proxy/echo/a\\b", "/proxy/echo/%252e%252e/x", "/proxy/echo/a;jsessionid=1", "/proxy/echo/a%3bb",
            "/proxy/ech o/x", "/proxy//x", "/other/echo/x"})
    void refusesPathsATargetCouldReadDifferently(String rawPath) {
        assertThatThrownBy(() -> ProxyPath.parse(rawPath, null)).isInstanceOf(InvalidProxyPath.class);
    }

    @Test
    void upstreamKeepsItsBasePathAndHostWhateverTheCallerSends() {
        ProxyPath path = ProxyPath.parse("/proxy/echo/@evil.example/x", "q=1");

        assertThat(UpstreamUrl.of("http://10.0.0.5:8443/base/", path))
                .isEqualTo(URI.create("http://10.0.0.5:8443/base/@evil.example/x?q=1"));
        assertThat(UpstreamUrl.of("https://api.internal", ProxyPath.parse("/proxy/echo", null)))
                .isEqualTo(URI.create("https://api.internal/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://host/x", "http://user:pw@host/x", "http://host/x?y=1", "/relative", "http:///nohost"})
    void refusesUnusableUpstreams(String upstream) {
        assertThatThrownBy(() -> UpstreamUrl.of(upstream, ProxyPath.parse("/proxy/echo/x", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialReplacesEveryCallerCredentialHeader() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer caller-token");
        headers.set(HttpHeaders.PROXY_AUTHORIZATION, "Basic x");
        headers.set(HttpHeaders.COOKIE, "s=1");
        headers.set(CredentialHeaders.AUDIT_ID, "spoofed");

        CredentialHeaders.replace(headers, Credential.basic("svc", "pw"), "audit-1");

        assertThat(headers.get(HttpHeaders.AUTHORIZATION)).containsExactly("Basic c3ZjOnB3");
        assertThat(headers.get(CredentialHeaders.AUDIT_ID)).containsExactly("audit-1");
        assertThat(headers.containsHeader(HttpHeaders.COOKIE)).isFalse();
        assertThat(headers.containsHeader(HttpHeaders.PROXY_AUTHORIZATION)).isFalse();
    }
}
