package dev.gatehouse.policy.document;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.policy.common.Slugs;
import dev.gatehouse.policy.condition.ClaimCondition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rules: unique slug ids, an action, connections that exist (a plain name must be declared; a glob
 * may match none yet), a subject whose globs and CEL condition compile, and a valid match.
 */
final class RuleValidator {

    private final Checks checks;
    private final MatchValidator match;
    private final BlockValidator blocks;

    RuleValidator(Checks checks) {
        this.checks = checks;
        this.match = new MatchValidator(checks);
        this.blocks = new BlockValidator(checks);
    }

    void validate(List<RuleSpec> rules, Set<String> connections) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleSpec rule = rules.get(i);
            String path = FieldPaths.index("rules", i);
            String id = FieldPaths.key(path, "id");
            if (rule.id() == null) {
                checks.fail(id, "required");
            } else if (!Slugs.isSlug(rule.id())) {
                checks.fail(id, "must match " + Slugs.PATTERN);
            } else if (seen.putIfAbsent(rule.id(), i) != null) {
                checks.fail(id, "duplicate rule id '" + rule.id() + "' (also rules[" + seen.get(rule.id()) + "])");
            }
            if (rule.action() == null) {
                checks.fail(FieldPaths.key(path, "action"), "required: one of allow, deny, review");
            }
            connections(FieldPaths.key(path, "connections"), rule.connections(), connections);
            subject(FieldPaths.key(path, "subject"), rule.subject());
            match.validate(FieldPaths.key(path, "match"), rule.match());
            blocks.masking(FieldPaths.key(path, "masking"), rule.masking());
            blocks.review(FieldPaths.key(path, "review"), rule.review());
            if (rule.review() != null && rule.action() != null && rule.action() != Action.REVIEW) {
                checks.fail(FieldPaths.key(path, "review"), "only applies to action: review");
            }
            if (rule.action() == Action.DENY && rule.match().http() != null && !rule.match().http().permits().isEmpty()) {
                checks.fail(FieldPaths.key(FieldPaths.key(path, "match"), "http"),
                        "bodyOnRead and websocket permit a request form: only for action allow or review");
            }
            if (rule.audit() == AuditMode.ASYNC && rule.action() == Action.REVIEW) {
                checks.fail(FieldPaths.key(path, "audit"), "must be write-ahead: reviewed operations are always audited before they run");
            }
        }
    }

    private void connections(String path, List<String> names, Set<String> declared) {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String child = FieldPaths.index(path, i);
            if (name != null && !name.contains("*") && !name.isBlank() && !declared.contains(name)) {
                checks.fail(child, "unknown connection '" + name + "'; declared: "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.stream().sorted().toList())));
            } else {
                checks.valueGlob(child, name);
            }
        }
    }

    private void subject(String path, SubjectMatch subject) {
        checks.valueGlobs(FieldPaths.key(path, "issuers"), subject.issuers());
        if (subject.sub() != null) {
            checks.valueGlob(FieldPaths.key(path, "sub"), subject.sub());
        }
        checks.notBlanks(FieldPaths.key(path, "groups"), subject.groups());
        checks.globMap(FieldPaths.key(path, "claims"), subject.claims());
        if (subject.condition() != null) {
            checks.compiles(FieldPaths.key(path, "condition"), subject.condition(), ClaimCondition::compile);
        }
    }
}
