package dev.gatehouse.proxy.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written converter reads every Authorization value exactly as Spring Security's own does. */
class BearerTokenConverterTests {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln-_~+/";

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "Bearer abc==", "Bearer a",
            "Bearer ", "Bearer", "Bearer  " + TOKEN, "Bearer " + TOKEN + " ", " Bearer " + TOKEN, "Bearer\t" + TOKEN,
            "Bearer abc=d", "Bearer =", "Bearer a b", "Bearerx " + TOKEN, "Bearer " + TOKEN + "\r\nX: y",
            "Bearer tök", "Bearer a%20b", "Bearer a,b", "Basic dXNlcjpwYXNz", "Token " + TOKEN, "", "bear",
            "Bearer \u0000", "Bearer ab==="})
    void agreesWithSpringSecurity(String authorization) {
        assertThat(outcome(new BearerTokenConverter(), authorization))
                .isEqualTo(outcome(new ServerBearerTokenAuthenticationConverter(), authorization));
    }

    @ParameterizedTest
    @MethodSource("randomValues")
    void agreesWithSpringSecurityOnRandomValues(String authorization) {
        assertThat(outcome(new BearerTokenConverter(), authorization))
                .isEqualTo(outcome(new ServerBearerTokenAuthenticationConverter(), authorization));
    }

    static Stream<String> randomValues() {
        Random random = new Random(16);
        String alphabet = "aZ09-._~+/= \t,;:\"%\u00e9\u0001Bb";
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder value = new StringBuilder(random.nextBoolean() ? "Bearer " : "bEaReR");
            for (int n = random.nextInt(12); n > 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            values.add(value.toString());
        }
        return values.stream();
    }

    /** "token:<value>", "none" or "error:<message>". */
    private static String outcome(org.springframework.security.web.server.authentication.ServerAuthenticationConverter converter,
                                  String authorization) {
        ServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/proxy/x/y")
                .header(HttpHeaders.AUTHORIZATION, authorization));
        try {
            Authentication authentication = converter.convert(exchange).block();
            return authentication == null ? "none" : "token:" + ((BearerTokenAuthenticationToken) authentication).getToken();
        } catch (RuntimeException e) {
            return "error:" + e.getMessage();
        }
    }
}
