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
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    public static final URI UPSTREAM_FAILED = URI.create(BASE + "upstream-failed");

    private ProblemTypes() {
    }
}
