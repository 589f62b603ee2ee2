package dev.gatehouse.policy.common;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** A request field failed a check bean validation cannot express; the detail names the field. */
public class InvalidField extends ApiException {

    public InvalidField(String field, String message) {
        super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, field + ": " + message);
    }
}
