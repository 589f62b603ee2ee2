package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Verdict;

/** How one unit was decided: by a rule, by the policy's onUnparsed action, or by default deny. */
record UnitOutcome(Unit unit, Verdict verdict, CompiledRule rule, String ruleId, String reason) {

    static final String ON_UNPARSED_RULE = "on-unparsed";

    static UnitOutcome byRule(Unit unit, CompiledRule rule) {
        return new UnitOutcome(unit, rule.action().verdict(), rule, rule.id(), rule.reason());
    }

    /** The rule matched, but the statement would let a column it masks out unmasked: denied, naming the rule. */
    static UnitOutcome refusedByMasking(Unit unit, CompiledRule rule, String reason) {
        return new UnitOutcome(unit, Verdict.DENY, rule, rule.id(), reason);
    }

    /** Denied by the rule's column masking rather than decided by its action. */
    boolean refusedByMasking() {
        return rule != null && verdict != rule.action().verdict();
    }

    static UnitOutcome defaultDeny(Unit unit, String reason) {
        return new UnitOutcome(unit, Verdict.DENY, null, dev.gatehouse.model.Decision.DEFAULT_DENY_RULE, reason);
    }

    int severity() {
        return switch (verdict) {
            case DENY -> 2;
            case REVIEW -> 1;
            case ALLOW -> 0;
        };
    }
}
