package dev.gatehouse.policy.rule;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class RuleNotFound extends ApiException {

    RuleNotFound(String id) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "rule '" + id + "' does not exist");
    }
}
