package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.document.Action;

import java.util.List;

/**
 * Decides one unit for one caller. A SQL statement that did not parse gets the policy's
 * {@code onUnparsed} action (never allow), unless a deny rule that needs no SQL facts matches it.
 */
final class UnitDecider {

    private final Caller caller;
    private final Action onUnparsed;

    UnitDecider(Caller caller, Action onUnparsed) {
        this.caller = caller;
        this.onUnparsed = onUnparsed == Action.ALLOW ? Action.REVIEW : onUnparsed;
    }

    UnitOutcome decide(Unit unit, List<CompiledRule> rules) {
        boolean unparsed = unit.sql() != null && !unit.sql().parsed();
        for (CompiledRule rule : rules) {
            if (unparsed && (rule.action() != Action.DENY || rule.sql() != null)) {
                continue;
            }
            if (rule.mismatch(caller, unit, false) == null) {
                return UnitOutcome.byRule(unit, rule);
            }
        }
        if (unparsed) {
            return new UnitOutcome(unit, onUnparsed == Action.DENY ? Verdict.DENY : Verdict.REVIEW, null,
                    UnitOutcome.ON_UNPARSED_RULE, unit.label() + " could not be parsed: " + unit.sql().parseError());
        }
        return UnitOutcome.defaultDeny(unit, "no rule matched " + unit.label());
    }
}
