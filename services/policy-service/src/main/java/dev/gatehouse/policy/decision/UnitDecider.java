package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.document.Action;

import java.util.List;

/**
 * Decides one unit for one caller. A SQL statement or SSH command line that did not parse gets the policy's
 * {@code onUnparsed} action (never allow), unless a deny rule that needs no SQL facts matches it, or
 * unless an allow or review rule that masks columns covers the caller: then it is denied naming that
 * rule, since what it does with the masked columns is unknown and an approval would run it unmasked.
 * A statement that an allow or review rule matches is denied, naming the rule, when it uses a column
 * the rule masks other than as a plain read ({@link MaskedColumns}).
 */
final class UnitDecider {

    private final Caller caller;
    private final Action onUnparsed;

    UnitDecider(Caller caller, Action onUnparsed) {
        this.caller = caller;
        this.onUnparsed = onUnparsed == Action.ALLOW ? Action.REVIEW : onUnparsed;
    }

    UnitOutcome decide(Unit unit, List<CompiledRule> rules) {
        boolean unparsed = unit.unparsed();
        for (CompiledRule rule : rules) {
            if (unparsed && (rule.action() != Action.DENY || rule.readsParsedContent())) {
                continue;
            }
            if (rule.mismatch(caller, unit, false) == null) {
                String refusal = rule.maskingRefusal(unit);
                return refusal == null ? UnitOutcome.byRule(unit, rule) : UnitOutcome.refusedByMasking(unit, rule, refusal);
            }
        }
        if (unparsed && onUnparsed == Action.REVIEW && unit.sql() != null) {
            CompiledRule masking = maskingRuleFor(unit, rules);
            if (masking != null) {
                return UnitOutcome.refusedByMasking(unit, masking, masking.maskedColumns().unparsed(unit.sql().parseError()));
            }
        }
        if (unparsed) {
            return new UnitOutcome(unit, onUnparsed == Action.DENY ? Verdict.DENY : Verdict.REVIEW, null,
                    UnitOutcome.ON_UNPARSED_RULE, unit.label() + " could not be parsed: " + unit.parseError());
        }
        return UnitOutcome.defaultDeny(unit, "no rule matched " + unit.label());
    }

    /**
     * An allow or review rule for this caller that masks columns: preferably one whose sql block matches
     * what little is known of the statement (a SELECT, ...), else any, since what is known may be wrong.
     */
    private CompiledRule maskingRuleFor(Unit unit, List<CompiledRule> rules) {
        CompiledRule any = null;
        for (CompiledRule rule : rules) {
            if (rule.maskedColumns() != null && rule.subject().mismatch(caller, false) == null) {
                if (rule.sql() == null || rule.sql().mismatch(unit.sql(), false) == null) {
                    return rule;
                }
                any = any == null ? rule : any;
            }
        }
        return any;
    }
}
