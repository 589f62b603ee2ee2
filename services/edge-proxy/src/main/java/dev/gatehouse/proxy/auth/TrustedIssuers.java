package dev.gatehouse.proxy.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One authentication manager per trusted issuer, each with its own audience. Keys are fetched lazily
 * (JWKS URI, or OIDC discovery from the issuer on first use), so the proxy starts while an issuer is
 * down; an issuer not in the list resolves to nothing, which refuses the token with no network call.
 */
@Component
final class TrustedIssuers implements ReactiveAuthenticationManagerResolver<String> {

    private static final Logger log = LoggerFactory.getLogger(TrustedIssuers.class);

    /** Asymmetric only: {@code none} and HMAC (a shared secret anyone holding the JWKS URL could guess at) are refused. */
    static final Set<SignatureAlgorithm> ALGORITHMS = EnumSet.allOf(SignatureAlgorithm.class);

    private final Map<String, Mono<ReactiveAuthenticationManager>> managers = new LinkedHashMap<>();

    TrustedIssuers(TrustProperties properties) {
        CallerIdentityConverter converter = new CallerIdentityConverter(properties.claims());
        for (TrustProperties.Issuer issuer : properties.issuers()) {
            managers.put(issuer.issuer(), Mono.just(manager(issuer, properties.clockSkew(), converter)));
        }
    }

    @Override
    public Mono<ReactiveAuthenticationManager> resolve(String issuer) {
        return managers.getOrDefault(issuer, Mono.empty());
    }

    private static ReactiveAuthenticationManager manager(TrustProperties.Issuer issuer, Duration clockSkew,
                                                         CallerIdentityConverter converter) {
        NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder builder = issuer.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(issuer.jwkSetUri().toString())
                : NimbusReactiveJwtDecoder.withIssuerLocation(issuer.issuer());
        NimbusReactiveJwtDecoder decoder = builder.jwsAlgorithms(algorithms -> {
            algorithms.clear();
            algorithms.addAll(ALGORITHMS);
        }).build();
        decoder.setJwtValidator(validator(issuer, clockSkew));
        JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
        manager.setJwtAuthenticationConverter(converter);
        return authentication -> manager.authenticate(authentication).onErrorMap(TrustedIssuers::asInvalidToken);
    }

    static OAuth2TokenValidator<Jwt> validator(TrustProperties.Issuer issuer, Duration clockSkew) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setAllowEmptyExpiryClaim(false);
        return new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(issuer.issuer()),
                new JwtAudienceValidator(issuer.audience()));
    }

    // An unreachable key endpoint must still read as 401 to the caller, not as a 500.
    private static Throwable asInvalidToken(Throwable error) {
        if (error instanceof AuthenticationException && !(error instanceof AuthenticationServiceException)) {
            return error;
        }
        log.warn("token verification failed: {}", error.getClass().getSimpleName());
        return new InvalidBearerTokenException("invalid token");
    }
}
