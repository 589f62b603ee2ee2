package dev.gatehouse.policy.rule;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class RuleAlreadyExists extends ApiException {

    RuleAlreadyExists(String id) {
        super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "rule '" + id + "' already exists");
    }
}
