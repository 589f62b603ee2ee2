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
    /**
     * The tool call's arguments the connection says are shell command lines ({@code settings.shellArguments}),
     * one per line: read by the SSH path's shell classifier and decided by the connection's {@code ssh} rules.
     */
    public static final String SHELL = "mcp.shell";
    /**
     * The Kubernetes API requests the call's Kubernetes arguments stand for ({@code settings.kubernetesArguments}),
     * one {@code METHOD /path[?query]} per line: read as on a Kubernetes connection and decided by the
     * connection's {@code kubernetes} rules.
     */
    public static final String KUBERNETES = "mcp.kubernetes";
    /**
     * The call's arguments as canonical JSON, for CEL conditions ({@code arguments}); never recorded in the
     * trail's operation (the REQUEST event's masked payload holds the message).
     */
    public static final String ARGUMENTS = "mcp.arguments";
    /**
     * Set ({@code true}) when the proxy decides a listed tool to filter {@code tools/list}: no arguments
     * exist yet, so a condition reading them counts as met in an allow rule and as unmet in a deny or review
     * rule (the tool may be callable with some arguments; each call is decided on its own).
     */
    public static final String LISTING = "mcp.listing";
    /**
     * Set ({@code true}) on the client's answer to a request of the server's that the proxy relayed; the
     * method is then the answered request's ({@code sampling/createMessage}, …), decided like the request.
     */
    public static final String ANSWER = "mcp.answer";
    public static final String PREFIX = "mcp.";

    private McpFacts() {
    }
}
