package dev.gatehouse.model;

/**
 * Body of {@code POST /api/v1/tool-pins/checks} (policy-service): an MCP tool's definition as a proxy
 * replica saw it in a {@code tools/list} answer. The first definition any replica reports for a
 * connection's tool is pinned; every replica then accepts exactly that one until an admin pins another.
 *
 * @param hash SHA-256 (lower-case hex) of the tool's canonical definition
 */
public record ToolPinCheck(String connection, String tool, String hash) {

    /** The answer: whether {@code hash} is the pinned definition, and which one is. */
    public record Verdict(boolean accepted, String pinned) {
    }

    /**
     * Body of {@code GET /api/v1/tool-pins/{connection}/{tool}/refused}: the changed definition a replica's
     * list refused and no admin re-approved, or null.
     */
    public record Refused(String hash) {
    }
}
