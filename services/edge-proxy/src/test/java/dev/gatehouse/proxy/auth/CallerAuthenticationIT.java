package dev.gatehouse.proxy.auth;

import dev.gatehouse.proxy.support.ProxyIntegrationTest;
import dev.gatehouse.testkit.OidcIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class CallerAuthenticationIT extends ProxyIntegrationTest {

    static Stream<Arguments> untrustedTokens() {
        Map<String, Object> claims = Map.of("repository", "acme/app");
        return Stream.of(
                arguments("expired", OIDC.expiredToken(OidcIssuer.CI, "agent", OidcIssuer.AGENT_AUDIENCE, claims)),
                arguments("from the internal IdP, not a trusted caller issuer",
                        OIDC.token(OidcIssuer.INTERNAL, "agent", OidcIssuer.AGENT_AUDIENCE, claims, Duration.ofMinutes(5))),
                arguments("from an unknown issuer",
                        OIDC.token("rogue", "agent", OidcIssuer.AGENT_AUDIENCE, claims, Duration.ofMinutes(5))),
                arguments("for another audience",
                        OIDC.token(OidcIssuer.CI, "agent", "some-other-service", claims, Duration.ofMinutes(5))),
                arguments("alg none", OIDC.unsignedToken(OidcIssuer.CI, "agent", OidcIssuer.AGENT_AUDIENCE, claims)),
                arguments("HMAC signed", OIDC.hmacToken(OidcIssuer.CI, "agent", OidcIssuer.AGENT_AUDIENCE, claims)),
                arguments("not a JWT", "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("untrustedTokens")
    void refusesUntrustedTokensWith401ProblemAndNeverCallsTheTarget(String why, String token) {
        int policyCalls = POLICY.count();
        int targetCalls = TARGET.count();

        HttpResponse<String> response = get("/proxy/auth-echo/anything", token);

        assertUnauthorized(response);
        assertThat(response.body()).doesNotContain(token);
        assertThat(POLICY.count()).isEqualTo(policyCalls);
        assertThat(TARGET.count()).isEqualTo(targetCalls);
    }

    @Test
    void refusesRequestsWithoutTokenWith401Problem() {
        int targetCalls = TARGET.count();

        HttpResponse<String> response = get("/proxy/auth-echo/anything", null);

        assertUnauthorized(response);
        assertThat(TARGET.count()).isEqualTo(targetCalls);
    }

    @Test
    void healthIsOpenWithoutToken() {
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void otherActuatorEndpointsNeedAToken() {
        assertUnauthorized(get("/actuator/info", null));
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/unauthorized\"")
                .contains("\"status\":401");
    }
}
