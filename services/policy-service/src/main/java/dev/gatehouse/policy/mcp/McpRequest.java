package dev.gatehouse.policy.mcp;

import dev.gatehouse.model.McpFacts;

import java.util.Map;
import java.util.Optional;

/**
 * An MCP message as rules see it, from the facts the proxy read from its JSON-RPC body ({@link McpFacts}):
 * the method and, for {@code tools/call}, the tool's name ({@code null} otherwise).
 */
public record McpRequest(String method, String tool) {

    /** The message's facts, or empty when the operation carries none (it did not come through {@code /mcp/}). */
    public static Optional<McpRequest> of(Map<String, String> attributes) {
        String method = attributes.get(McpFacts.METHOD);
        return method == null ? Optional.empty() : Optional.of(new McpRequest(method, attributes.get(McpFacts.TOOL)));
    }
}
