package dev.gatehouse.support;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** Builds problem details with one of the stable types of {@link dev.gatehouse.model.ProblemTypes}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
