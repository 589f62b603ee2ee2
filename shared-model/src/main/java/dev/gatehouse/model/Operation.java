package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the caller asks a connection to do. HTTP-family connections (http, kubernetes, git): protocol
 * {@code HTTP}, {@code method}, {@code path} (without the {@code /proxy/{connection}} prefix), the raw
 * {@code query}, request {@code headers} (lower-case names, credentials removed) and, for a git push,
 * the {@code refUpdates} read from the request body; the policy-service derives the Kubernetes or Git
 * meaning from these by the connection's type. PostgreSQL: protocol {@code POSTGRES} and the SQL text
 * in {@code statement}. SSH: protocol {@code SSH}, the request kind in {@code method} ({@code exec}, {@code shell},
 * {@code port-forward}, {@code agent-forward}, {@code subsystem}, {@code sftp}) and the command line (or forward target
 * {@code host:port}, or subsystem name) in {@code statement}, read by the policy-service as shell text.
 * {@code attributes} carries extra facts for audit (e.g. the lease id).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Operation(String connection, Protocol protocol, String method, String path, String query,
                        String statement, Map<String, String> headers, List<GitRefUpdate> refUpdates,
                        Map<String, String> attributes) {

    public Operation {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(protocol, "protocol");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        refUpdates = refUpdates == null ? List.of() : List.copyOf(refUpdates);
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public Operation(String connection, Protocol protocol, String method, String path, String query,
                     String statement, Map<String, String> attributes) {
        this(connection, protocol, method, path, query, statement, null, null, attributes);
    }

    public static Operation http(String connection, String method, String path, String query) {
        return new Operation(connection, Protocol.HTTP, method, path, query, null, null, null, null);
    }

    public static Operation sql(String connection, String statement) {
        return new Operation(connection, Protocol.POSTGRES, null, null, null, statement, null, null, null);
    }

    /** An SSH request: {@code kind} is {@code exec}, {@code shell}, {@code port-forward}, … (see above). */
    public static Operation ssh(String connection, String kind, String command) {
        return new Operation(connection, Protocol.SSH, kind, null, null, command, null, null, null);
    }

    /**
     * An sftp (or scp) file operation: {@code method} {@code sftp}, the operation ({@code read}, {@code write},
     * {@code remove}, …) in {@code statement}, the absolute path in {@code path}, a rename's or link's
     * second path in the attribute {@code to}.
     */
    public static Operation sftp(String connection, String fileOperation, String path, String to) {
        return new Operation(connection, Protocol.SSH, "sftp", path, null, fileOperation, null, null,
                to == null ? null : Map.of("to", to));
    }

    public Operation withHeaders(Map<String, String> newHeaders) {
        return new Operation(connection, protocol, method, path, query, statement, newHeaders, refUpdates, attributes);
    }

    /** This operation with one more audit fact in {@code attributes}. */
    public Operation withAttribute(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(attributes);
        more.put(name, value);
        return new Operation(connection, protocol, method, path, query, statement, headers, refUpdates, more);
    }

    /** This operation with a statement: an MCP tool call's arguments that the connection says are SQL. */
    public Operation withStatement(String newStatement) {
        return new Operation(connection, protocol, method, path, query, newStatement, headers, refUpdates, attributes);
    }

    public Operation withRefUpdates(List<GitRefUpdate> updates) {
        return new Operation(connection, protocol, method, path, query, statement, headers, updates, attributes);
    }
}
