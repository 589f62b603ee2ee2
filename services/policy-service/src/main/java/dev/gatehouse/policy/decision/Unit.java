package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.git.GitRequest;
import dev.gatehouse.policy.kubernetes.KubernetesRequest;
import dev.gatehouse.policy.llm.LlmRequest;
import dev.gatehouse.policy.sql.SqlStatement;

/**
 * One thing rules are matched against: an HTTP-family request (with its Kubernetes or Git meaning
 * when the connection has that type and the request parsed as one), or one SQL statement of a
 * possibly multi-statement string. Exactly one of {@code http} and {@code sql} is set.
 */
record Unit(String label, HttpFacts http, KubernetesRequest kubernetes, GitRequest git, SqlStatement sql,
            LlmRequest llm) {

    static Unit http(HttpFacts http, KubernetesRequest kubernetes, GitRequest git) {
        return http(http, kubernetes, git, null);
    }

    static Unit http(HttpFacts http, KubernetesRequest kubernetes, GitRequest git, LlmRequest llm) {
        return new Unit("request", http, kubernetes, git, null, llm);
    }

    static Unit statement(int index, SqlStatement sql) {
        return new Unit("statement " + index, null, null, null, sql, null);
    }
}
