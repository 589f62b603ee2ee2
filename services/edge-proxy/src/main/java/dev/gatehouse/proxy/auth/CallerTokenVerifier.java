package dev.gatehouse.proxy.auth;

import com.nimbusds.jwt.JWTParser;
import dev.gatehouse.model.CallerIdentity;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.text.ParseException;

/**
 * Verifies a caller's JWT outside HTTP (the PostgreSQL listener gets it as the startup password) with
 * exactly the checks the HTTP path applies: same trusted issuers, audiences, algorithms and claims kept.
 * Any failure is an {@link InvalidBearerTokenException} whose message never contains the token.
 */
@Component
public class CallerTokenVerifier {

    private final ReactiveAuthenticationManager manager;

    CallerTokenVerifier(TrustedIssuers issuers, VerifiedTokens verified) {
        this.manager = verified.around(authentication -> byIssuer(issuers, authentication));
    }

    public Mono<CallerIdentity> verify(String token) {
        return manager.authenticate(new BearerTokenAuthenticationToken(token))
                .ofType(CallerAuthentication.class)
                .map(CallerAuthentication::identity)
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("invalid token")))
                .onErrorMap(e -> !(e instanceof InvalidBearerTokenException),
                        e -> new InvalidBearerTokenException("invalid token"));
    }

    private static Mono<Authentication> byIssuer(TrustedIssuers issuers, Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        String issuer;
        try {
            issuer = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException | RuntimeException e) {
            return Mono.error(new InvalidBearerTokenException("invalid token"));
        }
        if (issuer == null) {
            return Mono.error(new InvalidBearerTokenException("invalid token"));
        }
        return issuers.resolve(issuer)
                .switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("untrusted issuer")))
                .flatMap((ReactiveAuthenticationManager manager) -> manager.authenticate(authentication));
    }
}
