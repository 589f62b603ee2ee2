package dev.gatehouse.approval.request;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class SelfApproval extends ApiException {

    SelfApproval() {
        super(HttpStatus.FORBIDDEN, ProblemTypes.SELF_APPROVAL, "the requester cannot decide its own approval request");
    }
}
