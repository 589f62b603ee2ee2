package dev.gatehouse.policy.decision;

import dev.gatehouse.model.CallerIdentity;
import dev.gatehouse.policy.condition.ClaimCondition;
import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.SubjectMatch;
import dev.gatehouse.policy.glob.GlobSet;
import dev.gatehouse.policy.glob.ValueGlob;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule's subject block, compiled. Cheap checks run first; the CEL condition last. A condition that
 * fails to evaluate (a claim the token lacks, a type mismatch) does not make an allow rule match but
 * does make a deny or review rule match: an error never opens a door and never closes an exit.
 */
final class SubjectMatcher {

    private record ClaimGlob(String name, ValueGlob glob) {
    }

    private final GlobSet issuers;
    private final ValueGlob sub;
    private final Set<String> groups;
    private final List<ClaimGlob> claims;
    private final ClaimCondition condition;
    private final boolean failClosed;

    SubjectMatcher(SubjectMatch match, Action action) {
        this.issuers = GlobSet.compile(match.issuers());
        this.sub = match.sub() == null ? null : ValueGlob.compile(match.sub());
        this.groups = Set.copyOf(match.groups());
        this.claims = match.claims().entrySet().stream()
                .map(entry -> new ClaimGlob(entry.getKey(), ValueGlob.compile(entry.getValue()))).toList();
        this.condition = match.condition() == null ? null : ClaimCondition.compile(match.condition());
        this.failClosed = action != Action.ALLOW;
    }

    /** Whether the condition may read an MCP tool call's arguments (decisions then vary with them). */
    boolean readsArguments() {
        return condition != null && condition.readsArguments();
    }

    /** {@code null} when the caller matches, else why not ({@link Mismatch#NO} unless explaining). */
    String mismatch(Caller caller, boolean explain) {
        CallerIdentity identity = caller.identity();
        if (!issuers.isEmpty() && !issuers.matches(identity.issuer())) {
            return explain ? "issuer " + identity.issuer() + " not in " + issuers : Mismatch.NO;
        }
        if (sub != null && !sub.matches(identity.subject())) {
            return explain ? "sub " + identity.subject() + " does not match " + sub : Mismatch.NO;
        }
        if (!groups.isEmpty() && caller.groups().stream().noneMatch(groups::contains)) {
            return explain ? "caller is in none of the groups " + groups : Mismatch.NO;
        }
        for (ClaimGlob claim : claims) {
            if (!claimMatches(identity.claims(), claim)) {
                return explain ? "claim " + claim.name() + " does not match " + claim.glob() : Mismatch.NO;
            }
        }
        if (condition != null) {
            ClaimCondition.Outcome outcome = condition.readsArguments() ? argumentsOutcome(caller)
                    : condition.evaluate(caller.celVariables());
            if (outcome == ClaimCondition.Outcome.FALSE
                    || (outcome == ClaimCondition.Outcome.ERROR && !failClosed)) {
                return explain ? "condition is " + outcome.name().toLowerCase() : Mismatch.NO;
            }
        }
        return null;
    }

    /**
     * A condition over a tool call's arguments: deciding a listed tool (no arguments yet), an allow rule's
     * condition counts as met and a deny or review rule's as unmet, so the tool is offered when some call
     * of it may be allowed; without readable arguments it is an error.
     */
    private ClaimCondition.Outcome argumentsOutcome(Caller caller) {
        if (caller.listing()) {
            return failClosed ? ClaimCondition.Outcome.FALSE : ClaimCondition.Outcome.TRUE;
        }
        return caller.hasArguments() ? condition.evaluate(caller.celVariables()) : ClaimCondition.Outcome.ERROR;
    }

    private static boolean claimMatches(Map<String, Object> claims, ClaimGlob claim) {
        Object value = claims.get(claim.name());
        if (value instanceof Iterable<?> values) {
            for (Object element : values) {
                if (scalarMatches(element, claim.glob())) {
                    return true;
                }
            }
            return false;
        }
        return scalarMatches(value, claim.glob());
    }

    private static boolean scalarMatches(Object value, ValueGlob glob) {
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            return false;
        }
        String text = value.toString();
        return !text.isEmpty() && glob.matches(text);
    }
}
