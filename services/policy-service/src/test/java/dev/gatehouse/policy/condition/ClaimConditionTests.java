package dev.gatehouse.policy.condition;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClaimConditionTests {

    private static Map<String, Object> variables(Map<String, Object> claims) {
        return Map.of("claims", claims, "issuer", "https://ci", "subject", "repo:acme/app", "groups", List.of("ci"),
                "request", Map.of("connection", "db", "method", "GET", "path", "/"));
    }

    @Test
    void evaluatesClaimsStringsAndMacros() {
        ClaimCondition condition = ClaimCondition.compile(
                "claims.repository == 'acme/app' && claims.ref.startsWith('refs/heads/release/') && 'ci' in groups");

        assertThat(condition.evaluate(variables(Map.of("repository", "acme/app", "ref", "refs/heads/release/2"))))
                .isEqualTo(ClaimCondition.Outcome.TRUE);
        assertThat(condition.evaluate(variables(Map.of("repository", "acme/app", "ref", "refs/heads/main"))))
                .isEqualTo(ClaimCondition.Outcome.FALSE);
    }

    @Test
    void aMissingClaimIsAnErrorNotFalseUnlessGuardedWithHas() {
        assertThat(ClaimCondition.compile("claims.environment == 'production'").evaluate(variables(Map.of())))
                .isEqualTo(ClaimCondition.Outcome.ERROR);
        assertThat(ClaimCondition.compile("has(claims.environment) && claims.environment == 'production'")
                .evaluate(variables(Map.of()))).isEqualTo(ClaimCondition.Outcome.FALSE);
    }

    @Test
    void numericClaimsCompareAsCelIntegers() {
        assertThat(ClaimCondition.compile("int(claims.run_attempt) < 3").evaluate(variables(Map.of("run_attempt", 1L))))
                .isEqualTo(ClaimCondition.Outcome.TRUE);
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        assertThatThrownBy(() -> ClaimCondition.compile("claims.repository == "))
                .isInstanceOf(ClaimCondition.InvalidCondition.class)
                .hasMessageStartingWith("at 1:");
    }

    @Test
    void unknownVariablesAndNonBooleanResultsAreRejected() {
        assertThatThrownBy(() -> ClaimCondition.compile("claim.repository == 'x'"))
                .hasMessageContaining("undeclared reference to 'claim'");
        assertThatThrownBy(() -> ClaimCondition.compile("subject + 'x'"))
                .isInstanceOf(ClaimCondition.InvalidCondition.class);
    }
}
