package dev.gatehouse.proxy.masking.detect;

import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.model.MaskingDirectives;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The validators behind the shapes: each pair differs only in what the validator decides. */
class DetectorValidationTests {

    private final MaskingEngine engine = new MaskingEngine();
    private final MaskingPlan plan = MaskingPlan.compile(new MaskingDirectives(null, null, List.of("all", "phone"),
            null, null), null);

    static Stream<Arguments> found() {
        return Stream.of(
                arguments("card", "pay 4111111111111111 now"),
                arguments("card", "amex 3782-822463-10005"),
                arguments("iban", "GB82 WEST 1234 5698 7654 32"),
                arguments("iban", "CH9300762011623852957"),
                arguments("ssn", "ssn 078-05-1120"),
                arguments("jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
                arguments("private-key", "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBYu3zL5bX1dE5d0kQ3Xo8Lq9sPbJ0tXyZc1cW0pR4fKoAoGCCqGSM49\n"
                        + "-----END EC PRIVATE KEY-----"),
                arguments("aws-secret-key", "AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                arguments("basic-auth", "Authorization: Basic YWxpY2U6czNjcjN0"),
                arguments("uri-password", "redis://:Zq8r2Lm4@cache:6379"),
                arguments("secret-assignment", "export API_KEY=9b1c2d3e4f5a6b7c"),
                arguments("phone", "+1 (415) 555-0132"),
                arguments("email", "mailto:ops@example.org"));
    }

    static Stream<Arguments> notFound() {
        return Stream.of(
                arguments("card", "pay 4111111111111112 now"),
                arguments("card", "ts 1718000000000 and pi 3.4111111111111111"),
                arguments("iban", "GB83 WEST 1234 5698 7654 32"),
                arguments("ssn", "ssn 666-05-1120 or 078-00-1120 or 900-12-3456"),
                arguments("jwt", "eyJmb28iOiJiYXIifQ.eyJzdWIiOiJ4In0.c2ln"),
                arguments("private-key", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
                arguments("aws-secret-key", "commit da39a3ee5e6b4b0d3255bfef95601890afd80709 by AKIA-less bot"),
                arguments("basic-auth", "Basic authentication over TLS"),
                arguments("uri-password", "https://user:${PASSWORD}@example.com and https://user@example.com"),
                arguments("secret-assignment", "API_KEY=${API_KEY} password: changeme token=<token>"),
                arguments("phone", "version 1.2.3.4 at 10.0.0.1:8080 on 2024-05-17"),
                arguments("email", "git@github.com:acme/app.git icon@2x.png lodash@4.17.21"));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @MethodSource
    void found(String detector, String text) {
        assertThat(engine.maskText(text, plan).counts().asMap()).containsKey(detector);
    }

    @ParameterizedTest(name = "no {0} in {1}")
    @MethodSource
    void notFound(String detector, String text) {
        assertThat(engine.maskText(text, plan).counts().asMap()).doesNotContainKey(detector);
    }
}
