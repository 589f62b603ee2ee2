package dev.gatehouse.proxy.masking.text;

import dev.gatehouse.proxy.masking.BodyKind;
import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.Plans;
import dev.gatehouse.proxy.masking.StreamMasker;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TextStreamingTests {

    private static final String GITHUB = "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";

    private final MaskingEngine engine = new MaskingEngine();

    @Test
    void aSecretSplitBetweenTwoChunksIsStillCaughtAtEverySplitPoint() {
        String text = "log: token " + GITHUB + " mail jane.doe@example.com pw=postgres://a:S3cretPw@db/x end";
        String expected = engine.maskText(text, Plans.allRedact()).text();
        byte[] in = text.getBytes(StandardCharsets.UTF_8);

        for (int split = 1; split < in.length; split++) {
            StreamMasker stream = engine.stream(BodyKind.TEXT, Plans.allRedact());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(stream.write(in, 0, split));
            out.writeBytes(stream.write(in, split, in.length - split));
            out.writeBytes(stream.finish());

            assertThat(out.toString(StandardCharsets.UTF_8)).as("split at " + split).isEqualTo(expected)
                    .doesNotContain(GITHUB);
        }
    }

    @Test
    void secretsAcrossChunkBoundariesOfALargeBodyAreCaughtAndMemoryStaysBounded() {
        StringBuilder body = new StringBuilder();
        String key = "-----BEGIN RSA PRIVATE KEY-----\n" + "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n".repeat(40)
                + "-----END RSA PRIVATE KEY-----";
        int secrets = 0;
        while (body.length() < 3_000_000) {
            body.append("INFO request served in 12ms from 10.0.0.").append(body.length() % 250).append('\n');
            if (body.length() % 7 == 0) {
                body.append("leaked ").append(GITHUB).append(" and ").append(key).append('\n');
                secrets++;
            }
        }
        byte[] in = body.toString().getBytes(StandardCharsets.UTF_8);
        StreamMasker stream = engine.stream(BodyKind.TEXT, Plans.allRedact());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int maxHeld = 0;
        for (int k = 0; k < in.length; k += 8191) {
            out.writeBytes(stream.write(in, k, Math.min(8191, in.length - k)));
            maxHeld = Math.max(maxHeld, stream.held());
        }
        out.writeBytes(stream.finish());
        String masked = out.toString(StandardCharsets.UTF_8);

        assertThat(secrets).isGreaterThan(10);
        assertThat(masked).doesNotContain(GITHUB, "MIIEowIBAAKCAQEAu1SU1");
        assertThat(stream.counts().count("github-token")).isEqualTo(secrets);
        assertThat(stream.counts().count("private-key")).isEqualTo(secrets);
        assertThat(maxHeld).isLessThan(64 * 1024);
        assertThat(masked).isEqualTo(engine.maskText(body, Plans.allRedact()).text());
    }

    @Test
    void multiByteCharactersPassThroughIntact() {
        String text = "Grüße aus Köln 🚀 — jane@example.com — 東京";
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        StreamMasker stream = engine.stream(BodyKind.TEXT, Plans.allRedact());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int k = 0; k < in.length; k++) {
            out.writeBytes(stream.write(in, k, 1));
        }
        out.writeBytes(stream.finish());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Grüße aus Köln 🚀 — [REDACTED:email] — 東京");
    }
}
