package dev.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;
import java.util.Objects;

/**
 * What the caller asks a connection to do. For HTTP: {@code method} and {@code path} (without the
 * {@code /proxy/{connection}} prefix) and the raw {@code query}. For SQL (later): {@code method} is the
 * statement kind and {@code statement} the SQL text. Typed connections add parsed meaning in
 * {@code attributes} (Kubernetes verb/resource/namespace, Git ref updates).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Operation(String connection, Protocol protocol, String method, String path, String query,
                        String statement, Map<String, String> attributes) {

    public Operation {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(protocol, "protocol");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static Operation http(String connection, String method, String path, String query) {
        return new Operation(connection, Protocol.HTTP, method, path, query, null, Map.of());
    }
}
