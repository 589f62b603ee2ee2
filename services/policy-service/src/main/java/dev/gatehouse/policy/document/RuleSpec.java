package dev.gatehouse.policy.document;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.MaskingDirectives;
import dev.gatehouse.model.ReviewSettings;

import java.util.List;

/**
 * One rule. It applies when the caller matches {@code subject}, the connection matches one of
 * {@code connections} (globs) and the operation matches {@code match}. Combination across rules:
 * deny beats review beats allow; no matching rule denies. {@code priority} (lower first, default 100)
 * orders rules of the same action, which decides whose masking and audit settings apply.
 * Absent optional blocks ({@code audit}, {@code masking}, {@code review}) are {@code null} here and
 * come from the document's defaults when compiled.
 */
public record RuleSpec(String id, String description, List<String> connections, SubjectMatch subject,
                       OperationMatch match, Action action, Integer priority, AuditMode audit,
                       MaskingDirectives masking, ReviewSettings review) {

    public static final int DEFAULT_PRIORITY = 100;

    public RuleSpec {
        connections = connections == null || connections.isEmpty() ? List.of("*") : List.copyOf(connections);
        subject = subject == null ? SubjectMatch.ANYONE : subject;
        match = match == null ? OperationMatch.ANY : match;
        priority = priority == null ? DEFAULT_PRIORITY : priority;
    }
}
