package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.git.GitRequest;
import dev.gatehouse.policy.glob.PathNormalizer;
import dev.gatehouse.policy.kubernetes.KubernetesRequest;
import dev.gatehouse.policy.llm.LlmRequest;
import dev.gatehouse.policy.mcp.McpRequest;
import dev.gatehouse.policy.sql.SqlAnalysis;
import dev.gatehouse.policy.sql.SqlClassifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns an operation into the units rules are matched against, reading it by the connection's type:
 * an HTTP request on a Kubernetes connection is also a Kubernetes API call, on a Git connection a
 * Git smart HTTP exchange; a SQL string is one unit per statement.
 */
final class Units {

    /** Units, or why the operation cannot be decided at all (then it is denied). */
    record Result(List<Unit> units, String refusal) {
    }

    private final SqlClassifier classifier;

    Units(SqlClassifier classifier) {
        this.classifier = classifier;
    }

    Result of(Operation operation, Protocol connectionType) {
        if (operation.protocol() == Protocol.POSTGRES) {
            if (connectionType != Protocol.POSTGRES) {
                return refuse("connection " + operation.connection() + " is not a PostgreSQL connection");
            }
            return sql(operation.statement(), false);
        }
        if (operation.protocol() == Protocol.SSH) {
            if (connectionType != Protocol.SSH) {
                return refuse("connection " + operation.connection() + " is not an SSH connection");
            }
            return SshUnits.of(operation);
        }
        if (operation.protocol() == Protocol.MYSQL) {
            if (connectionType != Protocol.MYSQL) {
                return refuse("connection " + operation.connection() + " is not a MySQL connection");
            }
            return sql(operation.statement(), true);
        }
        if (operation.protocol() != Protocol.HTTP || connectionType == Protocol.POSTGRES
                || connectionType == Protocol.SSH || connectionType == Protocol.MYSQL) {
            return refuse("connection " + operation.connection() + " does not take " + operation.protocol()
                    + " operations");
        }
        Optional<String[]> segments = PathNormalizer.segments(operation.path());
        if (segments.isEmpty()) {
            return refuse("path is not in normal form (dot-segments or encoded separators)");
        }
        HttpFacts http = HttpFacts.of(operation.method(), operation.path(), segments.get(), operation.headers(),
                operation.query());
        KubernetesRequest kubernetes = connectionType == Protocol.KUBERNETES
                ? KubernetesRequest.parse(http.method(), operation.path(), operation.query()).orElse(null) : null;
        GitRequest git = connectionType == Protocol.GIT
                ? GitRequest.parse(http.method(), operation.path(), operation.query(), operation.refUpdates())
                .orElse(null) : null;
        Optional<LlmRequest> llm = LlmRequest.of(operation.attributes());
        if (connectionType == Protocol.LLM && llm.isEmpty()) {
            return refuse("connection " + operation.connection() + " is an llm connection: it is reached through "
                    + "/llm/" + operation.connection() + "/, which reads the model call's facts");
        }
        if (connectionType != Protocol.LLM && llm.isPresent()) {
            return refuse("connection " + operation.connection() + " is not an llm connection");
        }
        Optional<McpRequest> mcp = McpRequest.of(operation.attributes());
        if (connectionType == Protocol.MCP && mcp.isEmpty()) {
            return refuse("connection " + operation.connection() + " is an mcp connection: it is reached through "
                    + "/mcp/" + operation.connection() + ", which reads the JSON-RPC message");
        }
        if (connectionType != Protocol.MCP && mcp.isPresent()) {
            return refuse("connection " + operation.connection() + " is not an mcp connection");
        }
        Unit request = Unit.http(http, kubernetes, git, llm.orElse(null), mcp.orElse(null));
        if (mcp.isEmpty()) {
            return new Result(List.of(request), null);
        }
        return McpArgumentUnits.of(request, operation, this::sql);
    }

    Result sql(String statement, boolean mysql) {
        if (statement == null || statement.isBlank()) {
            return refuse("no SQL statement");
        }
        SqlAnalysis analysis = mysql ? classifier.classifyMysql(statement) : classifier.classify(statement);
        if (analysis.statements().isEmpty()) {
            return refuse("no SQL statement");
        }
        List<Unit> units = new ArrayList<>(analysis.statements().size());
        for (int i = 0; i < analysis.statements().size(); i++) {
            units.add(Unit.statement(i + 1, analysis.statements().get(i)));
        }
        return new Result(units, null);
    }

    static Result refuse(String reason) {
        return new Result(List.of(), reason);
    }
}
