package dev.gatehouse.proxy.auth;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A verified token is reused (issue 16), but never beyond what the verifier itself would admit: not past
 * its {@code exp}, and not for a token that differs in any byte. No clock skew here, so "expired" means it.
 */
@TestPropertySource(properties = "gatehouse.proxy.trust.clock-skew=0s")
class VerifiedTokenCacheIT extends ProxyIntegrationTest {

    private static final Map<String, Object> CLAIMS = Map.of("repository", "acme/app");

    @Test
    void aRememberedTokenIsRefusedOnceItExpired() throws InterruptedException {
        // the issuer's keys fetched first, so the short-lived token is not spent on that
        assertThat(get("/proxy/cache-exp/warm", agentToken()).statusCode()).isEqualTo(200);
        long minted = System.nanoTime();
        String token = OIDC.token(OidcIssuer.CI, "agent", OidcIssuer.AGENT_AUDIENCE, CLAIMS, Duration.ofSeconds(8));
        assertThat(get("/proxy/cache-exp/a", token).statusCode()).isEqualTo(200);
        assertThat(get("/proxy/cache-exp/b", token).statusCode()).isEqualTo(200);
        int targetCalls = TARGET.count();

        // exp is in whole seconds: past it for sure after nine
        Thread.sleep(Math.max(0, 9_000 - (System.nanoTime() - minted) / 1_000_000));

        assertThat(get("/proxy/cache-exp/c", token).statusCode()).isEqualTo(401);
        assertThat(TARGET.count()).isEqualTo(targetCalls);
    }

    @Test
    void aTokenAlteredAfterItsOriginalWasRememberedIsRefused() {
        String token = OIDC.token(OidcIssuer.CI, "agent", OidcIssuer.AGENT_AUDIENCE, CLAIMS, Duration.ofMinutes(5));
        assertThat(get("/proxy/cache-alter/a", token).statusCode()).isEqualTo(200);
        int targetCalls = TARGET.count();
        String[] parts = token.split("\\.");
        String otherSignature = parts[0] + "." + parts[1] + "." + flipLast(parts[2]);
        String otherClaims = parts[0] + "." + OIDC.token(OidcIssuer.CI, "agent", OidcIssuer.AGENT_AUDIENCE,
                Map.of("repository", "acme/prod"), Duration.ofMinutes(5)).split("\\.")[1] + "." + parts[2];

        assertThat(get("/proxy/cache-alter/b", otherSignature).statusCode()).isEqualTo(401);
        assertThat(get("/proxy/cache-alter/c", otherClaims).statusCode()).isEqualTo(401);
        assertThat(TARGET.count()).isEqualTo(targetCalls);
        assertThat(get("/proxy/cache-alter/d", token).statusCode()).isEqualTo(200);
    }

    private static String flipLast(String signature) {
        char last = signature.charAt(signature.length() - 2);
        return signature.substring(0, signature.length() - 2) + (last == 'A' ? 'B' : 'A') + signature.charAt(signature.length() - 1);
    }
}
