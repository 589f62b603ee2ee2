package dev.gatehouse.model;

import java.util.Map;
import java.util.Objects;

/**
 * Who acts: the token's issuer and subject plus the CI claims kept for policy and audit
 * (repository, ref, workflow, ...). Claim values are strings or lists of strings.
 */
public record CallerIdentity(String issuer, String subject, Map<String, Object> claims) {

    public CallerIdentity {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    /** A claim as a string, or {@code null} when absent; lists are joined with commas. */
    public String claim(String name) {
        Object value = claims.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Iterable<?> values) {
            return String.join(",", java.util.stream.StreamSupport.stream(values.spliterator(), false)
                    .map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
