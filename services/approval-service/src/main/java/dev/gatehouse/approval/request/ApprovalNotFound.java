package dev.gatehouse.approval.request;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

import java.util.UUID;

class ApprovalNotFound extends ApiException {

    ApprovalNotFound(UUID id) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no approval request " + id);
    }
}
