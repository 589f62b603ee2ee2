package dev.gatehouse.proxy.masking;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderMaskingTests {

    @Test
    void credentialHeadersAreMaskedWholeKeepingSchemeAndCookieNames() {
        Map<String, List<String>> masked = HeaderMasker.mask(Map.of(
                "Authorization", List.of("Bearer abc"),
                "Set-Cookie", List.of("sid=opaque123; Path=/; HttpOnly"),
                "Cookie", List.of("a=1; b=2"),
                "X-Api-Key", List.of("k"),
                "DD-API-KEY", List.of("opaque-value-of-any-shape")), Plans.allRedact(), new MaskingCounts());

        assertThat(masked.get("Authorization")).containsExactly("Bearer [REDACTED:header]");
        assertThat(masked.get("Set-Cookie")).containsExactly("sid=[REDACTED:header]; Path=/; HttpOnly");
        assertThat(masked.get("Cookie")).containsExactly("a=[REDACTED:header]; b=[REDACTED:header]");
        assertThat(masked.get("X-Api-Key")).containsExactly("[REDACTED:header]");
        assertThat(masked.get("DD-API-KEY")).as("a vendor's credential header").containsExactly("[REDACTED:header]");
    }

    @Test
    void otherHeadersAreScannedForIssue17sFormatsWithTheirNameAsContext() {
        MaskingCounts counts = new MaskingCounts();
        Map<String, List<String>> masked = HeaderMasker.mask(Map.of(
                "X-Provider-Key", List.of("sk-ant-api03-VXBt7wRkl8OZfIa2AUk7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww0sAO_DGpUxjKbgRBWZRZX1VlxeVAA"),
                "X-Debug-Auth", List.of("Basic " + java.util.Base64.getEncoder().encodeToString("ci:Zq8r2Lm4x".getBytes())),
                "X-Datadog-Api-Key", List.of("6095e68de96039211d9b963cc58ea44e")), Plans.allRedact(), counts);

        assertThat(masked.get("X-Provider-Key")).containsExactly("[REDACTED:anthropic-api-key]");
        assertThat(masked.get("X-Debug-Auth")).containsExactly("Basic [REDACTED:basic-auth]");
        assertThat(masked.get("X-Datadog-Api-Key")).containsExactly("[REDACTED:datadog-api-key]");
    }

    @Test
    void otherHeadersGetDetectorsWithTheirNameAsContext() {
        MaskingCounts counts = new MaskingCounts();
        Map<String, List<String>> masked = HeaderMasker.mask(Map.of(
                "X-Debug", List.of("user jane@example.com"),
                "X-Service-Password", List.of("Tr0ub4dor&3x"),
                "Content-Type", List.of("application/json")), Plans.allRedact(), counts);

        assertThat(masked.get("X-Debug")).containsExactly("user [REDACTED:email]");
        assertThat(masked.get("X-Service-Password")).containsExactly("[REDACTED:secret-assignment]");
        assertThat(masked.get("Content-Type")).containsExactly("application/json");
        assertThat(counts.asMap()).isEqualTo(Map.of("email", 1, "secret-assignment", 1));
    }

    @Test
    void responseHeadersAreMaskedInPlaceAndCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Masking masking = new Masking(new MaskingProperties(null, null, null, null, null, null), new MaskingMetrics(registry));
        HttpHeaders headers = new HttpHeaders();
        headers.add("Set-Cookie", "session=s3cr3t-session-id; Secure");
        headers.add("ETag", "\"abc\"");

        MaskingCounts counts = masking.maskHeaders(headers, masking.plan(null));

        assertThat(headers.getFirst("Set-Cookie")).isEqualTo("session=[REDACTED:header]; Secure");
        assertThat(headers.getFirst("ETag")).isEqualTo("\"abc\"");
        assertThat(counts.count("header")).isEqualTo(1);
        assertThat(registry.get(MaskingMetrics.MATCHES).tag("detector", "header").counter().count()).isEqualTo(1.0);
    }
}
