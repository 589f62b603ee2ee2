package dev.gatehouse.policy.decision;

import dev.gatehouse.policy.git.GitRequest;
import dev.gatehouse.policy.kubernetes.KubernetesRequest;
import dev.gatehouse.policy.llm.LlmRequest;
import dev.gatehouse.policy.mcp.McpRequest;
import dev.gatehouse.policy.sql.SqlStatement;

/**
 * One thing rules are matched against: an HTTP-family request (with its Kubernetes or Git meaning
 * when the connection has that type and the request parsed as one), or one SQL statement of a
 * possibly multi-statement string, or one simple command of an SSH command line (or another SSH
 * request). Exactly one of {@code http}, {@code sql} and {@code ssh} is set; {@code llm} and {@code mcp} only with {@code http}.
 */
record Unit(String label, HttpFacts http, KubernetesRequest kubernetes, GitRequest git, SqlStatement sql,
            SshFacts ssh, LlmRequest llm, McpRequest mcp) {

    static Unit http(HttpFacts http, KubernetesRequest kubernetes, GitRequest git) {
        return http(http, kubernetes, git, null);
    }

    static Unit http(HttpFacts http, KubernetesRequest kubernetes, GitRequest git, LlmRequest llm) {
        return http(http, kubernetes, git, llm, null);
    }

    static Unit http(HttpFacts http, KubernetesRequest kubernetes, GitRequest git, LlmRequest llm, McpRequest mcp) {
        return new Unit("request", http, kubernetes, git, null, null, llm, mcp);
    }

    static Unit statement(int index, SqlStatement sql) {
        return new Unit("statement " + index, null, null, null, sql, null, null, null);
    }

    static Unit ssh(String label, SshFacts ssh) {
        return new Unit(label, null, null, null, null, ssh, null, null);
    }

    /** A SQL statement or an SSH command line that could not be read. */
    boolean unparsed() {
        return sql != null && !sql.parsed() || ssh != null && !ssh.parsed();
    }

    String parseError() {
        return sql != null ? sql.parseError() : ssh != null ? ssh.unparsed() : null;
    }
}
