package dev.gatehouse.approval.request;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** Input the JSON binding accepted but the workflow cannot: the detail names the field. */
class InvalidApprovalInput extends ApiException {

    InvalidApprovalInput(String field, String problem) {
        super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, field + ": " + problem);
    }
}
