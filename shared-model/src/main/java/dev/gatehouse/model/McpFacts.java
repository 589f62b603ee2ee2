package dev.gatehouse.model;

/**
 * The facts of an MCP (JSON-RPC) message the proxy reads from the request body and puts into
 * {@link Operation#attributes()}, for the policy to decide on (connection type {@link Protocol#MCP}) and
 * the trail to keep. Only the proxy's {@code /mcp/{connection}} route sets them; a caller cannot.
 */
public final class McpFacts {

    /** The JSON-RPC method: {@code initialize}, {@code tools/list}, {@code tools/call}, {@code notifications/...}. */
    public static final String METHOD = "mcp.method";
    /** The tool a {@code tools/call} names ({@code params.name}); absent for other methods. */
    public static final String TOOL = "mcp.tool";
    public static final String PREFIX = "mcp.";

    private McpFacts() {
    }
}
