package dev.gatehouse.policy.document;

import java.util.List;
import java.util.Map;

/**
 * Who a rule is about. Every present part must hold: {@code issuers} (globs over the token's
 * {@code iss}), {@code sub} (glob), {@code groups} (the caller is in at least one), {@code claims}
 * (claim name to glob; a list claim matches when any element does) and {@code condition}, a CEL
 * expression over {@code claims}, {@code issuer}, {@code subject}, {@code groups} and {@code request}.
 */
public record SubjectMatch(List<String> issuers, String sub, List<String> groups, Map<String, String> claims,
                           String condition) {

    public static final SubjectMatch ANYONE = new SubjectMatch(null, null, null, null, null);

    public SubjectMatch {
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        groups = groups == null ? List.of() : List.copyOf(groups);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }
}
