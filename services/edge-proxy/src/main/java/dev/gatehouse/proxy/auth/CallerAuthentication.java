package dev.gatehouse.proxy.auth;

import dev.gatehouse.model.CallerIdentity;
import org.springframework.security.authentication.AbstractAuthenticationToken;

import java.time.Instant;
import java.util.List;

/**
 * An authenticated caller. Holds the identity only: the bearer token itself is dropped once verified,
 * so it cannot leak through the security context, logs or events.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final CallerIdentity identity;
    private final Instant expiresAt;

    CallerAuthentication(CallerIdentity identity, Instant expiresAt) {
        super(List.of());
        this.identity = identity;
        this.expiresAt = expiresAt;
        setAuthenticated(true);
    }

    public CallerIdentity identity() {
        return identity;
    }

    /** The token's {@code exp}: how long this authentication may be reused ({@link VerifiedTokens}). */
    Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public Object getPrincipal() {
        return identity;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return identity.subject();
    }

    @Override
    public String toString() {
        return "CallerAuthentication[issuer=" + identity.issuer() + ", subject=" + identity.subject() + "]";
    }
}
