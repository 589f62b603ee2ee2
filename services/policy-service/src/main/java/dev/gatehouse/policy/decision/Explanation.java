package dev.gatehouse.policy.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Verdict;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code POST /api/v1/decisions/explain}: the decision the proxy would get, and for each
 * unit (the request, or each SQL statement) what Gatehouse understood and every rule of the policy
 * with whether it matched and, if not, why not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Explanation(Decision decision, List<UnitTrace> units) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UnitTrace(String unit, Map<String, Object> understood, Verdict verdict, String ruleId,
                            String reason, List<RuleTrace> rules) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleTrace(String ruleId, String action, boolean matched, String reason) {
    }
}
