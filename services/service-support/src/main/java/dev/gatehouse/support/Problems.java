package dev.gatehouse.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/**
 * Stable problem {@code type} URIs (RFC 9457) shared by every Gatehouse API. Clients and tests match
 * on these, never on the human-readable title or detail.
 */
public final class Problems {

    public static final String BASE = "https://gatehouse.dev/problems/";

    public static final URI UNAUTHORIZED = URI.create(BASE + "unauthorized");
    public static final URI FORBIDDEN = URI.create(BASE + "forbidden");
    public static final URI NOT_FOUND = URI.create(BASE + "not-found");
    public static final URI CONFLICT = URI.create(BASE + "conflict");
    public static final URI INVALID_REQUEST = URI.create(BASE + "invalid-request");
    public static final URI POLICY_DENIED = URI.create(BASE + "policy-denied");
    public static final URI UNAVAILABLE = URI.create(BASE + "unavailable");

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
