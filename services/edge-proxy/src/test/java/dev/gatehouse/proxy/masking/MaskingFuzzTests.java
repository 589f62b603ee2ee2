package dev.gatehouse.proxy.masking;

import dev.gatehouse.model.MaskingDirectives;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed input of any kind must never throw (an exception mid-body would cut the response) nor hang:
 * random bytes mixed with fragments of every secret shape, through every masker, in random chunks.
 */
class MaskingFuzzTests {

    private static final String[] FRAGMENTS = {"AKIA", "ASIAABCDEFGHIJKLMNOP", "AIza", "ghp_", "github_pat_", "glpat-",
        "xoxb-1-2-", "xoxe.xoxp-", "sk_live_", "eyJ", "eyJhbGciOiJIUzI1NiJ9.", "-----BEGIN PRIVATE KEY-----",
        "-----END ", "Bearer ", "Basic ", "://", ":\\/\\/", "u:p@", "@", "%40", "password=", "secret: ", "\"token\":",
        "4111 1111 ", "4111111111111111", "DE89", "123-45-", "+1 ", "(415) ", "\\", "\"", "{", "}", "[", "]", ",", ":",
        "\\u00", "\\ud83d", "é", "\u0000", "\n", " ", "-u ", "password ", "aws ", "ssn ",
        // the credential formats' anchors and the context detectors' separators
        "sk-ant-api03-", "sk-proj-", "npm_", "hf_", "AccountKey=", "sig=", "8Q~", ":AA", "-us1", ".atlasv1.", "SSWS ",
        "LS0tLS1CRUdJTi", "eyJrIjoi", "dp.pt.", "--password ", "--token \"", "-p", "mysql ", "%3D", "%22", "%2", "\\n",
        "\\u0022", "Authorization: ", "auth: ", "_auth=", "data:\n  k: ", "dXNlcjpwYXNzd29yZA==", "::", "MTIz", "."};

    private final MaskingEngine engine = new MaskingEngine();
    private final MaskingPlan plan = MaskingPlan.compile(new MaskingDirectives(List.of("**.a", "b[*]"), List.of("*"),
            List.of("all", "phone"), MaskingDirectives.MaskingStyle.PARTIAL, null), Plans.TENANT_A);

    @Test
    void randomInputNeverThrowsInAnyMasker() {
        Random random = new Random(4242);
        for (int round = 0; round < 3000; round++) {
            byte[] input = input(random);
            engine.maskText(new String(input, StandardCharsets.UTF_8), plan);
            engine.maskJson(new String(input, StandardCharsets.UTF_8), plan);
            for (BodyKind kind : List.of(BodyKind.JSON, BodyKind.TEXT)) {
                StreamMasker stream = engine.stream(kind, plan);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int k = 0; k < input.length; ) {
                    int n = Math.min(input.length - k, 1 + random.nextInt(40));
                    out.writeBytes(stream.write(input, k, n));
                    k += n;
                }
                out.writeBytes(stream.finish());
                assertThat(stream.held()).isZero();
            }
            engine.rows(List.of("a", "password"), plan).mask(new byte[][] {input, input});
            HeaderMasker.maskValue("X-Thing", new String(input, StandardCharsets.UTF_8), plan, new MaskingCounts());
        }
    }

    private static byte[] input(Random random) {
        StringBuilder sb = new StringBuilder();
        int parts = random.nextInt(30);
        for (int k = 0; k < parts; k++) {
            if (random.nextBoolean()) {
                sb.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
            } else {
                int n = random.nextInt(12);
                for (int c = 0; c < n; c++) {
                    sb.append((char) (random.nextInt(10) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
                }
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
