package dev.gatehouse.proxy.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * Remembers tokens that passed every check, so a CI job's token costs one signature verification and not
 * one per request (an RSA verification was the largest single cost of a proxied request). An entry is
 * reused only while the token is unexpired by its own {@code exp}, and never longer than {@code max-age}:
 * the cache can only admit less than the verifier would. Keys are SHA-256 digests of the whole token,
 * signature included, so a token altered in any byte misses and is verified, and no bearer token is held
 * in memory longer than its request. Failures are not remembered.
 */
@Component
class VerifiedTokens {

    private final Cache<ByteBuffer, CallerAuthentication> verified;

    VerifiedTokens(TrustProperties trust) {
        TrustProperties.TokenCache settings = trust.tokenCache();
        this.verified = settings.maxAge().isZero() ? null : Caffeine.newBuilder()
                .expireAfterWrite(settings.maxAge())
                .maximumSize(settings.maxEntries())
                .build();
    }

    /** {@code delegate}, asked only for tokens not verified before (or no longer reusable). */
    ReactiveAuthenticationManager around(ReactiveAuthenticationManager delegate) {
        if (verified == null) {
            return delegate;
        }
        return authentication -> {
            if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
                return delegate.authenticate(authentication);
            }
            ByteBuffer key = digest(bearer.getToken());
            CallerAuthentication known = verified.getIfPresent(key);
            if (known != null && Instant.now().isBefore(known.expiresAt())) {
                return Mono.just(known);
            }
            return delegate.authenticate(authentication).doOnNext(result -> {
                if (result instanceof CallerAuthentication caller && caller.expiresAt() != null) {
                    verified.put(key, caller);
                }
            });
        };
    }

    private static ByteBuffer digest(String token) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
