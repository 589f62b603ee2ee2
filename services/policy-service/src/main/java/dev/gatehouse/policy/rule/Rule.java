package dev.gatehouse.policy.rule;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Verdict;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One policy rule. It applies when the connection name matches {@code connection} (glob), the method
 * is in {@code methods} (empty = any), the path matches {@code path} (path glob) and every claim
 * condition holds ({@code *} = present and non-empty; list claims match if any element does).
 */
public record Rule(String id, String description, String connection, List<String> methods, String path,
                   Map<String, String> claims, Verdict verdict, AuditMode audit, int priority,
                   Instant createdAt, Instant updatedAt) {

    public Rule {
        methods = List.copyOf(methods);
        claims = Map.copyOf(claims);
    }
}
