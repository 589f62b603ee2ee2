package dev.gatehouse.proxy.auth;

import dev.gatehouse.model.CallerIdentity;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a verified JWT into the caller identity: issuer, subject and the configured claims only. */
final class CallerIdentityConverter implements Converter<Jwt, Mono<CallerAuthentication>> {

    private final List<String> keptClaims;

    CallerIdentityConverter(List<String> keptClaims) {
        this.keptClaims = List.copyOf(keptClaims);
    }

    @Override
    public Mono<CallerAuthentication> convert(Jwt jwt) {
        return Mono.just(new CallerAuthentication(identity(jwt), jwt.getExpiresAt()));
    }

    CallerIdentity identity(Jwt jwt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String name : keptClaims) {
            Object value = jwt.getClaims().get(name);
            if (value != null) {
                claims.put(name, normalize(value));
            }
        }
        String subject = jwt.getSubject() == null ? "" : jwt.getSubject();
        return new CallerIdentity(jwt.getClaimAsString("iss"), subject, claims);
    }

    // The wire model promises strings or lists of strings (CI claims like run_id may be numbers).
    private static Object normalize(Object value) {
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return String.valueOf(value);
    }
}
