package dev.gatehouse.audit.session;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class SessionNotFound extends ApiException {

    SessionNotFound(String id) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no audit events for session " + id);
    }
}
