package dev.gatehouse.policy.version;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** {@code If-Match} named another version than the active one: someone else changed the policy first. */
class ActiveVersionMismatch extends ApiException {

    ActiveVersionMismatch(String expected, long active) {
        super(HttpStatus.PRECONDITION_FAILED, ProblemTypes.CONFLICT, "If-Match " + expected
                + " does not match the active policy version " + (active == 0 ? "(none)" : active));
        getBody().setProperty("activeVersion", active);
    }
}
