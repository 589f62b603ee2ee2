package dev.gatehouse.proxy.auth;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Which token issuers the proxy trusts for callers, and which of their claims become the identity.
 *
 * @param issuers   trusted issuers; a token from any other issuer is refused without a network call
 * @param claims    claim names kept in the caller identity (docs/architecture.md §2 by default)
 * @param clockSkew tolerance for {@code exp}/{@code nbf}
 * @param tokenCache how long a verified token is remembered, so its signature is checked once and not on
 *                   every request of a CI job
 */
@Validated
@ConfigurationProperties("gatehouse.proxy.trust")
record TrustProperties(@NotEmpty List<@Valid Issuer> issuers, List<String> claims, Duration clockSkew,
                       @Valid TokenCache tokenCache) {

    static final List<String> DEFAULT_CLAIMS = List.of(
            // GitHub Actions
            "repository", "repository_owner", "ref", "ref_type", "workflow", "job_workflow_ref", "run_id",
            "run_attempt", "actor", "environment", "event_name",
            // GitLab CI
            "project_path", "namespace_path", "ref_protected", "pipeline_id", "pipeline_source", "user_login",
            "groups");

    TrustProperties {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        claims = claims == null || claims.isEmpty() ? DEFAULT_CLAIMS : List.copyOf(claims);
        clockSkew = clockSkew == null ? Duration.ofSeconds(30) : clockSkew;
        tokenCache = tokenCache == null ? new TokenCache(null, null) : tokenCache;
    }

    /**
     * @param maxAge     the longest a verification is reused, however far away the token's {@code exp}: a key
     *                   the issuer withdraws stops admitting its tokens after this long; {@code 0} turns
     *                   the cache off
     * @param maxEntries how many verified tokens are kept (least recently used go first)
     */
    record TokenCache(Duration maxAge, @PositiveOrZero Long maxEntries) {

        TokenCache {
            maxAge = maxAge == null ? Duration.ofMinutes(5) : maxAge;
            maxEntries = maxEntries == null ? 10_000L : maxEntries;
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("gatehouse.proxy.trust.token-cache.max-age must not be negative");
            }
        }
    }

    /**
     * @param issuer    the exact {@code iss} value
     * @param audience  the {@code aud} the token must contain
     * @param jwkSetUri where the signing keys are; when absent, found by OIDC discovery on first use
     */
    record Issuer(@NotBlank String issuer, String audience, URI jwkSetUri) {

        static final String DEFAULT_AUDIENCE = "gatehouse";

        Issuer {
            audience = audience == null || audience.isBlank() ? DEFAULT_AUDIENCE : audience;
        }
    }
}
