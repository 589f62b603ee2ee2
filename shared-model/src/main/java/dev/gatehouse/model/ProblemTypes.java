package dev.gatehouse.model;

import java.net.URI;

/**
 * Stable problem {@code type} URIs (RFC 9457) of every Gatehouse API, servlet and reactive alike.
 * Clients and tests match on these, never on the human-readable title or detail (contract).
 */
public final class ProblemTypes {

    public static final String BASE = "https://gatehouse.dev/problems/";

    public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI POLICY_DENIED = URI.create(BASE + "policy-denied");
    public static final URI APPROVAL_REQUIRED = URI.create(BASE + "approval-required");
    /** The operation waits for a reviewer; the body names the approval and where to look it up. */
    public static final URI APPROVAL_PENDING = URI.create(BASE + "approval-pending");
    /** A reviewer rejected the operation, or its approval request expired or was cancelled. */
    public static final URI APPROVAL_REJECTED = URI.create(BASE + "approval-rejected");
    /** The approval cannot run this operation: another command or caller, not approved, or already used. */
    public static final URI APPROVAL_NOT_USABLE = URI.create(BASE + "approval-not-usable");
    /** A requester tried to approve its own request. */
    public static final URI SELF_APPROVAL = URI.create(BASE + "self-approval");
    /** A body on GET or HEAD, which the deciding rule does not allow ({@code bodyOnRead}). */
    public static final URI BODY_NOT_ALLOWED = URI.create(BASE + "body-not-allowed");
    /** A protocol upgrade (WebSocket, h2c, ...) the deciding rule does not allow ({@code websocket}). */
    public static final URI UPGRADE_NOT_ALLOWED = URI.create(BASE + "upgrade-not-allowed");
    /** An LLM call whose reserved tokens would exceed the caller's budget; the body names the budget. */
    public static final URI BUDGET_EXCEEDED = URI.create(BASE + "budget-exceeded");
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    public static final URI UPSTREAM_FAILED = URI.create(BASE + "upstream-failed");

    private ProblemTypes() {
    }
}
