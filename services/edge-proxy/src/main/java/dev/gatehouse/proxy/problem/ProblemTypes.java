package dev.gatehouse.proxy.problem;

import java.net.URI;

/**
 * Stable problem {@code type} URIs (RFC 9457) of the proxy. The same base and names as
 * service-support's {@code Problems}, which is servlet-only and so not on this reactive service's path.
 */
public final class ProblemTypes {

    public static final String BASE = "https://gatehouse.dev/problems/";

    public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI POLICY_DENIED = URI.create(BASE + "policy-denied");
    public static final URI APPROVAL_REQUIRED = URI.create(BASE + "approval-required");
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");
    public static final URI UPSTREAM_FAILED = URI.create(BASE + "upstream-failed");

    private ProblemTypes() {
    }
}
