package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.sql.ColumnUse;
import dev.gatehouse.policy.sql.SqlKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the explain view of one unit: what was understood, and every rule with why it matched or not. */
final class UnitTraces {

    private UnitTraces() {
    }

    static Explanation.UnitTrace trace(Unit unit, UnitOutcome outcome, List<CompiledRule> rules, String connection,
                                       Caller caller) {
        List<Explanation.RuleTrace> traces = new ArrayList<>(rules.size());
        boolean unparsed = unit.sql() != null && !unit.sql().parsed();
        for (CompiledRule rule : rules) {
            String action = rule.action().name().toLowerCase(Locale.ROOT);
            String reason;
            if (rule == outcome.rule() && outcome.refusedByMasking()) {
                reason = "matched, but its column masking denies the statement: " + outcome.reason();
            } else if (!rule.connections().matches(connection)) {
                reason = "does not cover connection " + connection;
            } else if (unparsed && (rule.action() != Action.DENY || rule.sql() != null)) {
                reason = "statement did not parse: only deny rules without an sql block apply";
            } else {
                reason = rule.mismatch(caller, unit, true);
            }
            traces.add(new Explanation.RuleTrace(rule.id(), action, reason == null || rule == outcome.rule(),
                    reason == null ? (rule == outcome.rule() ? "matched and decided" : "matched") : reason));
        }
        return new Explanation.UnitTrace(unit.label(), understood(unit), outcome.verdict(), outcome.ruleId(),
                outcome.reason(), traces);
    }

    private static Map<String, Object> understood(Unit unit) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (unit.sql() != null) {
            facts.put("parsed", unit.sql().parsed());
            facts.put("kinds", unit.sql().kinds().stream().map(SqlKind::policyName).sorted().toList());
            facts.put("tables", unit.sql().tables().stream().sorted().toList());
            facts.put("withoutWhere", unit.sql().unboundedWrite());
            if (!unit.sql().parsed()) {
                facts.put("parseError", unit.sql().parseError());
            } else {
                facts.put("columns", columns(unit.sql().columns()));
            }
            return facts;
        }
        if (unit.ssh() != null) {
            facts.put("request", unit.ssh().kind());
            facts.put("parsed", unit.ssh().parsed());
            if (unit.ssh().file() != null) {
                facts.put("file", unit.ssh().file());
                facts.put("path", unit.ssh().path());
            } else if (unit.ssh().command() != null) {
                facts.put("command", unit.ssh().command().line());
            } else if (!unit.ssh().parsed()) {
                facts.put("parseError", unit.ssh().unparsed());
            } else {
                facts.put("target", unit.ssh().text());
            }
            return facts;
        }
        facts.put("method", unit.http().method());
        facts.put("path", unit.http().path());
        if (unit.kubernetes() != null) {
            facts.put("kubernetes", unit.kubernetes());
        }
        if (unit.git() != null) {
            facts.put("git", unit.git());
        }
        facts.put("mayWrite", DecisionAssembler.mayWrite(unit));
        return facts;
    }

    /** Where the statement mentions columns, as column masking judges it; "not analysed" when unknown. */
    private static Object columns(ColumnUse use) {
        if (use == null) {
            return "not analysed";
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("read", use.read().stream().sorted().toList());
        columns.put("used", use.used());
        if (!use.renamed().isEmpty()) {
            columns.put("renamed", use.renamed());
        }
        if (use.wholeRow() != null) {
            columns.put("wholeRow", use.wholeRow());
        }
        return columns;
    }
}
