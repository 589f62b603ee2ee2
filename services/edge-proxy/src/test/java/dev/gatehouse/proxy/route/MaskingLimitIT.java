package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A body the proxy cannot scan within its limit never reaches the caller unmasked: fail safe, unless the rule says so. */
@TestPropertySource(properties = "gatehouse.proxy.masking.max-body-bytes=1KB")
class MaskingLimitIT extends ProxyIntegrationTest {

    private static final String CARD = "4666176031372159";

    @Test
    void aBodyOverTheLimitIsRefusedWith502AndNothingOfItLeaks() {
        TARGET.respond(200, "{\"card\":\"" + CARD + "\",\"filler\":\"" + "x".repeat(4096) + "\"}");

        HttpResponse<String> response = get("/proxy/mask-limit/big", agentToken());

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("https://gatehouse.dev/problems/upstream-failed").doesNotContain(CARD);
        assertThat(response.headers().firstValue("Gatehouse-Audit-Id")).isPresent();
    }

    @Test
    void aRuleMayLetAnOversizeBodyPassAndTheTrailSaysSo() {
        TARGET.respond(200, "{\"filler\":\"" + "x".repeat(4096) + "\"}");
        POLICY.respond(200, allow("rule-allow-reads").replaceFirst("\\}$", ",\"masking\":{\"oversize\":\"PASS\"}}"));

        HttpResponse<String> response = get("/proxy/mask-limit/big-ok", agentToken());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSizeGreaterThan(4096);
    }
}
