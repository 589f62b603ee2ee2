package dev.gatehouse.proxy.exchange;

/**
 * What the request filters of the HTTP path hand each other through exchange attributes. Here, not in
 * a filter, so that a protocol inspection (git) and the proxying (route) both depend on this contract
 * instead of on each other.
 */
public final class ExchangeAttributes {

    /** A body an earlier filter already read whole ({@code byte[]}); the request preparation reuses it. */
    public static final String BUFFERED_BODY = "gatehouse.proxy.bufferedBody";

    /** The {@code List<GitRefUpdate>} of a git push, for the operation the policy decides on. */
    public static final String REF_UPDATES = "gatehouse.proxy.git.refUpdates";

    /** More facts for the operation the policy decides on ({@code Map<String, String>}, e.g. an LLM call's model). */
    public static final String OPERATION_FACTS = "gatehouse.proxy.operationFacts";

    /** A statement the policy classifies as SQL ({@code String}): an MCP tool call's SQL arguments. */
    public static final String OPERATION_STATEMENT = "gatehouse.proxy.operationStatement";

    /** What the REQUEST event records of the body ({@code String}, already masked), when an adapter says so. */
    public static final String REQUEST_PAYLOAD = "gatehouse.proxy.requestPayload";

    /** A {@code masking.ChunkMaskers} choosing how the response body is masked as it streams. */
    public static final String RESPONSE_MASKERS = "gatehouse.proxy.responseMaskers";

    /** An {@link AnswerRecorder}: what the RESPONSE event records instead of the body's first bytes. */
    public static final String ANSWER_RECORDER = "gatehouse.proxy.answerRecorder";

    /** A {@link StreamEvents} on an upgraded request: where the adapter relaying the stream reports its messages. */
    public static final String STREAM_EVENTS = "gatehouse.proxy.streamEvents";

    /**
     * Set ({@code Boolean.TRUE}) on a request to a Kubernetes connection: refusals are answered as a
     * Kubernetes {@code Status} object, which kubectl prints, instead of problem+json.
     */
    public static final String KUBERNETES_ANSWERS = "gatehouse.proxy.kubernetes.answers";

    /**
     * Set on a request through {@code /mcp/{connection}}: the JSON-RPC id of the message ({@code JsonNode};
     * a missing node for a notification). Refusals are answered as a JSON-RPC error for that id instead of
     * problem+json, so the client's session goes on.
     */
    public static final String MCP_ANSWERS = "gatehouse.proxy.mcp.answers";

    /**
     * The fingerprint an approval of this request is bound to ({@code String}), when its adapter binds it to
     * what the request means rather than to its bytes: an MCP tool call (server, tool, canonical arguments,
     * caller), sent again with a new JSON-RPC id. Without it the HTTP fingerprint of the request is used.
     */
    public static final String APPROVAL_FINGERPRINT = "gatehouse.proxy.approvalFingerprint";

    /** An {@link AdapterRefusal}: refused after the decision even when the policy allows, and recorded. */
    public static final String ADAPTER_REFUSAL = "gatehouse.proxy.adapterRefusal";

    private ExchangeAttributes() {
    }
}
