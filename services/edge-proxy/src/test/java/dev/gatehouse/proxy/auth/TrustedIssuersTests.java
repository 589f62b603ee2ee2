package dev.gatehouse.proxy.auth;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedIssuersTests {

    // Port 9 (discard) on loopback: any network call to this issuer would fail the test loudly.
    private static final String UNREACHABLE = "http://127.0.0.1:9/unreachable";

    @Test
    void startsWithoutContactingIssuersAndResolvesOnlyConfiguredOnes() {
        TrustedIssuers issuers = new TrustedIssuers(new TrustProperties(
                List.of(new TrustProperties.Issuer(UNREACHABLE, null, null)), null, null, null));

        assertThat(issuers.resolve(UNREACHABLE).block()).isNotNull();
        assertThat(issuers.resolve("http://127.0.0.1:9/other").blockOptional()).isEmpty();
    }

    @Test
    void onlyAsymmetricAlgorithmsAreAccepted() {
        assertThat(TrustedIssuers.ALGORITHMS).extracting(Enum::name)
                .allMatch(name -> name.startsWith("RS") || name.startsWith("ES") || name.startsWith("PS"));
    }

    @Test
    void validatorChecksIssuerAudienceAndExpiry() {
        TrustProperties.Issuer issuer = new TrustProperties.Issuer("https://ci.example", null, null);
        var validator = TrustedIssuers.validator(issuer, Duration.ofSeconds(30));

        assertThat(validator.validate(jwt("https://ci.example", "gatehouse", Instant.now().plusSeconds(60))).hasErrors()).isFalse();
        assertThat(validator.validate(jwt("https://evil.example", "gatehouse", Instant.now().plusSeconds(60))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("https://ci.example", "other", Instant.now().plusSeconds(60))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("https://ci.example", "gatehouse", Instant.now().minusSeconds(120))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("https://ci.example", "gatehouse", null)).hasErrors()).as("no exp").isTrue();
    }

    @Test
    void identityKeepsOnlyConfiguredClaimsAsStrings() {
        CallerIdentityConverter converter = new CallerIdentityConverter(TrustProperties.DEFAULT_CLAIMS);
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").issuer("https://ci.example").subject("repo:acme/app")
                .claim("repository", "acme/app").claim("run_id", 42).claim("groups", List.of("a", "b"))
                .claim("email", "private@example.com").build();

        var identity = converter.identity(jwt);

        assertThat(identity.issuer()).isEqualTo("https://ci.example");
        assertThat(identity.claims()).isEqualTo(Map.of("repository", "acme/app", "run_id", "42", "groups", List.of("a", "b")));
    }

    private static Jwt jwt(String issuer, String audience, Instant expiresAt) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").issuer(issuer).subject("s")
                .audience(List.of(audience)).issuedAt(Instant.now().minusSeconds(300));
        if (expiresAt != null) {
            builder.expiresAt(expiresAt);
        }
        return builder.build();
    }
}
