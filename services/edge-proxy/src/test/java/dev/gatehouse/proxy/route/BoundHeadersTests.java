package dev.gatehouse.proxy.route;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BoundHeadersTests {

    @Test
    void meaningChangingAndPolicyInspectedHeadersAreBoundLowerCasedAndPerRequestOnesAreNot() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Content-Type", "application/json");
        headers.add("Content-Encoding", "gzip");
        headers.add("If-Match", "\"v1\"");
        headers.add("If-Match", "\"v2\"");
        headers.add("X-Dry-Run", "true");
        headers.add("traceparent", "00-abc-def-01");
        headers.add("Prefer", "respond-async");
        headers.add("User-Agent", "curl/8");

        assertThat(BoundHeaders.of(headers, List.of("x-dry-run"))).containsExactly(
                java.util.Map.entry("content-encoding", "gzip"),
                java.util.Map.entry("content-type", "application/json"),
                java.util.Map.entry("if-match", "\"v1\", \"v2\""),
                java.util.Map.entry("x-dry-run", "true"));
    }
}
