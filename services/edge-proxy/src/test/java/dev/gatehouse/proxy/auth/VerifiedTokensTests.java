package dev.gatehouse.proxy.auth;

import dev.gatehouse.model.CallerIdentity;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTests {

    private final AtomicInteger verifications = new AtomicInteger();
    private Instant expiresAt = Instant.now().plusSeconds(300);

    private final ReactiveAuthenticationManager verifier = authentication -> {
        verifications.incrementAndGet();
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (token.startsWith("bad")) {
            return Mono.error(new InvalidBearerTokenException("invalid token"));
        }
        return Mono.just(new CallerAuthentication(new CallerIdentity("https://ci", token, Map.of()), expiresAt));
    };

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        ReactiveAuthenticationManager manager = tokens(Duration.ofMinutes(5)).around(verifier);

        assertThat(subject(manager, "t1")).isEqualTo("t1");
        assertThat(subject(manager, "t1")).isEqualTo("t1");
        assertThat(subject(manager, "t2")).isEqualTo("t2");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void anExpiredEntryIsVerifiedAgain() {
        expiresAt = Instant.now().minusSeconds(1);
        ReactiveAuthenticationManager manager = tokens(Duration.ofMinutes(5)).around(verifier);

        subject(manager, "t1");
        subject(manager, "t1");

        assertThat(verifications).hasValue(2);
    }

    @Test
    void failuresAreNeverRemembered() {
        ReactiveAuthenticationManager manager = tokens(Duration.ofMinutes(5)).around(verifier);

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> subject(manager, "bad")).isInstanceOf(InvalidBearerTokenException.class);
        }
        assertThat(verifications).hasValue(2);
    }

    @Test
    void maxAgeZeroVerifiesEveryTime() {
        ReactiveAuthenticationManager manager = tokens(Duration.ZERO).around(verifier);

        subject(manager, "t1");
        subject(manager, "t1");

        assertThat(verifications).hasValue(2);
    }

    private static VerifiedTokens tokens(Duration maxAge) {
        return new VerifiedTokens(new TrustProperties(List.of(new TrustProperties.Issuer("https://ci", null, null)),
                null, null, new TrustProperties.TokenCache(maxAge, 100L)));
    }

    private static String subject(ReactiveAuthenticationManager manager, String token) {
        return ((CallerAuthentication) manager.authenticate(new BearerTokenAuthenticationToken(token)).block())
                .identity().subject();
    }
}
