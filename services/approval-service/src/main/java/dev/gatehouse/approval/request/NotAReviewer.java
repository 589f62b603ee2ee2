package dev.gatehouse.approval.request;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** The caller is a reviewer, but not in the group this request names. */
class NotAReviewer extends ApiException {

    NotAReviewer(String group) {
        super(HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "deciding this request needs group " + group);
    }
}
