package dev.gatehouse.approval.request;

import dev.gatehouse.model.CallerIdentity;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who calls, from the bearer token: the identity recorded in votes and audit events (with the claims
 * that identify a CI run, for the self-approval rule) and the groups that decide what it may do.
 */
record Actor(CallerIdentity identity, Set<String> groups) {

    /** Claims that name one CI run: GitHub (repository, run_id) and GitLab (project_path, pipeline_id). */
    private static final List<List<String>> RUN_CLAIMS = List.of(List.of("repository", "run_id"),
            List.of("project_path", "pipeline_id"));

    static Actor of(Jwt jwt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        RUN_CLAIMS.stream().flatMap(List::stream).forEach(name -> {
            Object value = jwt.getClaims().get(name);
            if (value != null) {
                claims.put(name, String.valueOf(value));
            }
        });
        List<String> groups = jwt.getClaimAsStringList("groups");
        return new Actor(new CallerIdentity(jwt.getClaimAsString("iss"), jwt.getSubject(), claims),
                groups == null ? Set.of() : Set.copyOf(groups));
    }

    String subject() {
        return identity.subject();
    }

    /**
     * True when this actor is the requester: the same issuer and subject, or the same CI run (a job
     * that could mint a second token, e.g. a reviewer-looking one, is still the same run).
     */
    boolean isRequesterOf(CallerIdentity requester) {
        if (identity.issuer().equals(requester.issuer()) && identity.subject().equals(requester.subject())) {
            return true;
        }
        return RUN_CLAIMS.stream().anyMatch(run -> run.stream().allMatch(name -> identity.claim(name) != null
                && Objects.equals(identity.claim(name), requester.claim(name))));
    }
}
