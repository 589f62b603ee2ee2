package dev.gatehouse.policy.decision;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ReviewSettings;
import dev.gatehouse.policy.document.Action;
import dev.gatehouse.policy.document.Defaults;
import dev.gatehouse.policy.document.OperationMatch;
import dev.gatehouse.policy.document.RuleSpec;
import dev.gatehouse.policy.glob.GlobSet;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A rule compiled once per policy version: globs, CEL and SQL kinds resolved, defaults applied, so
 * matching compiles nothing. Sections that do not apply to a unit (an {@code sql} block against an
 * HTTP request) make the rule not match it.
 */
record CompiledRule(String id, String reason, Action action, int priority, int order, GlobSet connections,
                    SubjectMatcher subject, HttpMatcher http, SqlMatcher sql, KubernetesMatcher kubernetes,
                    GitMatcher git, SshMatcher ssh, LlmMatcher llm, McpMatcher mcp, AuditMode audit, MaskingDirectives masking, MaskedColumns maskedColumns,
                    ReviewSettings review) {

    /** Deny first, then review, then allow; within an action by priority, then document order. */
    static final Comparator<CompiledRule> PRECEDENCE = Comparator
            .comparingInt((CompiledRule rule) -> severity(rule.action()))
            .thenComparingInt(CompiledRule::priority)
            .thenComparingInt(CompiledRule::order);

    static CompiledRule compile(RuleSpec spec, int order, Defaults defaults) {
        Action action = spec.action();
        OperationMatch match = spec.match();
        MaskingDirectives masking = spec.masking() == null ? defaults.masking() : spec.masking();
        String reason = spec.description() == null || spec.description().isBlank()
                ? "rule " + spec.id() + " (" + action.name().toLowerCase() + ")" : spec.description();
        return new CompiledRule(spec.id(), reason, action, spec.priority(), order, GlobSet.compile(spec.connections()),
                new SubjectMatcher(spec.subject(), action),
                match.http() == null ? null : new HttpMatcher(match.http(), action),
                match.sql() == null ? null : new SqlMatcher(match.sql(), action),
                match.kubernetes() == null ? null : new KubernetesMatcher(match.kubernetes(), action),
                match.git() == null ? null : new GitMatcher(match.git(), action),
                match.ssh() == null ? null : new SshMatcher(match.ssh(), action),
                match.llm() == null ? null : new LlmMatcher(match.llm(), action),
                match.mcp() == null ? null : new McpMatcher(match.mcp()),
                spec.audit() == null ? defaults.audit() : spec.audit(),
                masking, action == Action.DENY ? null : MaskedColumns.of(spec.id(), masking),
                spec.review() == null ? defaults.review() : spec.review());
    }

    boolean appliesToHttp() {
        return sql == null && ssh == null;
    }

    boolean appliesToSql() {
        return http == null && kubernetes == null && git == null && ssh == null && llm == null && mcp == null;
    }

    boolean appliesToSsh() {
        return http == null && kubernetes == null && git == null && sql == null && llm == null && mcp == null;
    }

    /** Whether the rule reads the operation's parsed content (a {@code sql} or {@code ssh} block). */
    boolean readsParsedContent() {
        return sql != null || ssh != null;
    }

    /** The request forms the rule permits when it decides ({@code Decision.permits}). */
    List<String> permits() {
        return http == null ? List.of() : http.permits();
    }

    Set<String> headerNames() {
        return http == null ? Set.of() : http.headerNames();
    }

    /**
     * Null when this rule may decide the unit as its action says; else why its column masking refuses
     * the statement (a deny rule, or a rule that masks no column, never refuses).
     */
    String maskingRefusal(Unit unit) {
        return maskedColumns == null || unit.sql() == null ? null : maskedColumns.refusal(unit.sql());
    }

    /** {@code null} when the rule matches the unit, else why not. */
    String mismatch(Caller caller, Unit unit, boolean explain) {
        String operation = operationMismatch(unit, explain);
        if (operation != null) {
            return operation;
        }
        return subject.mismatch(caller, explain);
    }

    private String operationMismatch(Unit unit, boolean explain) {
        if (unit.ssh() != null) {
            if (!appliesToSsh()) {
                return explain ? "rule matches other operations, not SSH requests" : Mismatch.NO;
            }
            return ssh == null ? null : ssh.mismatch(unit.ssh(), explain);
        }
        if (unit.sql() != null) {
            if (!appliesToSql()) {
                return explain ? "rule matches HTTP-family requests, not SQL" : Mismatch.NO;
            }
            return sql == null ? null : sql.mismatch(unit.sql(), explain);
        }
        if (!appliesToHttp()) {
            return explain ? "rule matches SQL statements or SSH requests, not HTTP-family requests" : Mismatch.NO;
        }
        String mismatch = http == null ? null : http.mismatch(unit.http(), explain);
        if (mismatch == null && kubernetes != null) {
            mismatch = kubernetes.mismatch(unit.kubernetes(), explain);
        }
        if (mismatch == null && git != null) {
            mismatch = git.mismatch(unit.git(), explain);
        }
        if (mismatch == null && llm != null) {
            mismatch = llm.mismatch(unit.llm(), explain);
        }
        if (mismatch == null && mcp != null) {
            mismatch = mcp.mismatch(unit.mcp(), explain);
        }
        return mismatch;
    }

    private static int severity(Action action) {
        return switch (action) {
            case DENY -> 0;
            case REVIEW -> 1;
            case ALLOW -> 2;
        };
    }
}
