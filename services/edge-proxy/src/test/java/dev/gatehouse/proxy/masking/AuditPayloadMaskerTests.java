package dev.gatehouse.proxy.masking;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuditPayloadMaskerTests {

    private static final String GITHUB = "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";

    private final Masking masking = new Masking(new MaskingProperties(null, "0123456789abcdef0123456789abcdef", null,
            null, null, null), new MaskingMetrics(new SimpleMeterRegistry()));
    private final AuditPayloadMasker audit = masking.audit();

    @Test
    void auditPayloadsAreMaskedWithEveryDetectorAsCorrelatableHashes() {
        MaskResult request = audit.mask("{\"q\": \"jane@example.com\", \"auth\": \"" + GITHUB + "\"}");
        MaskResult response = audit.mask("token " + GITHUB + " echoed");

        assertThat(request.text()).doesNotContain(GITHUB, "jane@example.com").contains("[HMAC:email:");
        String token = response.text().substring("token ".length(), response.text().indexOf(" echoed"));
        assertThat(token).matches("\\[HMAC:github-token:[0-9a-f]{16}]");
        assertThat(request.text()).contains(token);
    }

    @Test
    void queryStringsAreMaskedInTheirUrlEncodedForms() {
        String anthropic = "sk-ant-api03-VXBt7wRkl8OZfIa2AUk7z7gTqBu4wweocv81k2lsNaWQrZzhB4GZqT8hqt0pmpsLww0sAO_DGpUxjKbgRBWZRZX1VlxeVAA";
        String npm = "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";

        MaskResult query = audit.mask("api_key=" + anthropic + "&filter=%7B%22client_secret%22%3A%22Zq8r2Lm4xT9w%22%7D"
                + "&next=%2Fhome%3Ftoken%3D" + npm + "&page=2");

        assertThat(query.text()).doesNotContain(anthropic).doesNotContain("Zq8r2Lm4xT9w").doesNotContain(npm)
                .startsWith("api_key=[HMAC:anthropic-api-key:").contains("%22client_secret%22%3A%22[HMAC:secret-assignment:")
                .endsWith("&page=2");
        assertThat(query.counts().asMap()).containsKeys("anthropic-api-key", "secret-assignment", "npm-token");
    }

    @Test
    void sqlTextAndBindParametersAreMasked() {
        AuditPayloadMasker.SqlMasked sql = audit.maskSql(
                "UPDATE users SET password = 'Tr0ub4dor&3x', email = $1 WHERE id = $2",
                Arrays.asList("jane@example.com", "42", null));

        assertThat(sql.sql()).doesNotContain("Tr0ub4dor").startsWith("UPDATE users SET password = '[HMAC:secret-assignment:");
        assertThat(sql.parameters().get(0)).startsWith("[HMAC:email:");
        assertThat(sql.parameters().subList(1, 3)).containsExactly("42", null);
        assertThat(sql.counts().asMap()).containsEntry("email", 1).containsEntry("secret-assignment", 1);
    }

    @Test
    void bodiesAreMaskedByTheirTypeAndBinaryIsOnlyDescribed() {
        byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G'};

        assertThat(audit.maskBody(png, "image/png").text()).isEqualTo("[binary image/png, 4 bytes]");
        assertThat(audit.maskBody("a=AKIAIOSFODNN7EXAMPLE".getBytes(StandardCharsets.UTF_8), "text/plain").text())
                .startsWith("a=[HMAC:aws-access-key:");
    }

    @Test
    void aPayloadAlreadyMaskedForTheAgentComesOutUnchanged() {
        String forAgent = masking.engine().maskText("key " + GITHUB + " mail jane@example.com", Plans.allRedact()).text();

        MaskResult recorded = audit.mask(forAgent);

        assertThat(recorded.text()).isSameAs(forAgent);
        assertThat(recorded.changed()).isFalse();
        List<String> none = List.of();
        assertThat(audit.maskSql(null, none).sql()).isNull();
    }
}
