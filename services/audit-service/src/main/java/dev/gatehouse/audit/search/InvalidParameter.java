package dev.gatehouse.audit.search;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** A query parameter the search cannot use; the detail names it so the caller can fix the request. */
class InvalidParameter extends ApiException {

    InvalidParameter(String parameter, String reason) {
        super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, parameter + ": " + reason);
        getBody().setProperty("parameter", parameter);
    }
}
