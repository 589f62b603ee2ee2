package dev.gatehouse.policy.decision;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ReviewSettings;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.policy.git.GitRequest;
import dev.gatehouse.policy.sql.SqlKind;

import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Combines the units' outcomes into the one decision the proxy acts on: the strongest verdict wins
 * (the first unit with it names the rule), an allow carries the masking of every allowing rule, and
 * audit is write-ahead whenever anything could change state, whatever the rule asked for.
 */
final class DecisionAssembler {

    private static final Set<SqlKind> READ_KINDS = EnumSet.of(SqlKind.SELECT, SqlKind.SHOW, SqlKind.EXPLAIN,
            SqlKind.TRANSACTION);
    private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> INTERACTIVE_SUBRESOURCES = Set.of("exec", "attach", "portforward", "proxy");

    private DecisionAssembler() {
    }

    static Decision assemble(List<UnitOutcome> outcomes, PolicyEvaluator.ConnectionRules entry, long version,
                             ReviewSettings defaultReview) {
        UnitOutcome deciding = outcomes.getFirst();
        for (UnitOutcome outcome : outcomes) {
            if (outcome.severity() > deciding.severity()) {
                deciding = outcome;
            }
        }
        String reason = outcomes.size() > 1 ? deciding.unit().label() + ": " + deciding.reason() : deciding.reason();
        return switch (deciding.verdict()) {
            case DENY -> new Decision(Verdict.DENY, deciding.ruleId(), reason, AuditMode.WRITE_AHEAD, null, version,
                    null, null, entry.vary());
            case REVIEW -> new Decision(Verdict.REVIEW, deciding.ruleId(), reason, AuditMode.WRITE_AHEAD,
                    entry.connection().target(), version, masking(outcomes),
                    deciding.rule() == null ? defaultReview : deciding.rule().review(), entry.vary(),
                    permits(deciding));
            case ALLOW -> new Decision(Verdict.ALLOW, deciding.ruleId(), reason, audit(outcomes),
                    entry.connection().target(), version, masking(outcomes), null, entry.vary(), permits(deciding));
        };
    }

    /** Only the deciding rule's own word lets a request carry a body on a read or open a WebSocket. */
    private static List<String> permits(UnitOutcome deciding) {
        return deciding.rule() == null ? List.of() : deciding.rule().permits();
    }

    private static AuditMode audit(List<UnitOutcome> outcomes) {
        for (UnitOutcome outcome : outcomes) {
            if (outcome.rule() == null || outcome.rule().audit() == AuditMode.WRITE_AHEAD || mayWrite(outcome.unit())) {
                return AuditMode.WRITE_AHEAD;
            }
        }
        return AuditMode.ASYNC;
    }

    static boolean mayWrite(Unit unit) {
        if (unit.ssh() != null) {
            return true; // any program may change the host: SSH is always write-ahead
        }
        if (unit.sql() != null) {
            return !READ_KINDS.containsAll(unit.sql().kinds()) || unit.sql().kinds().isEmpty();
        }
        if (unit.git() != null) {
            return unit.git().service() == GitRequest.Service.RECEIVE_PACK;
        }
        if (unit.kubernetes() != null && unit.kubernetes().subresource() != null
                && INTERACTIVE_SUBRESOURCES.contains(unit.kubernetes().subresource())) {
            return true;
        }
        return !READ_METHODS.contains(unit.http().method());
    }

    /** The union of the allowing rules' directives; the first rule's style and oversize choice. */
    private static MaskingDirectives masking(List<UnitOutcome> outcomes) {
        Set<String> fields = new LinkedHashSet<>();
        Set<String> columns = new LinkedHashSet<>();
        Set<String> detectors = new LinkedHashSet<>();
        MaskingDirectives first = null;
        for (UnitOutcome outcome : outcomes) {
            if (outcome.rule() == null) {
                continue;
            }
            MaskingDirectives masking = outcome.rule().masking();
            first = first == null ? masking : first;
            fields.addAll(masking.fields());
            columns.addAll(masking.columns());
            detectors.addAll(masking.detectors());
        }
        if (first == null) {
            return MaskingDirectives.DEFAULT;
        }
        return new MaskingDirectives(List.copyOf(fields), List.copyOf(columns), List.copyOf(detectors),
                first.style(), first.oversize());
    }
}
