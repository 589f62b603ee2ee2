package dev.gatehouse.policy.rule;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

class RuleAlreadyExists extends ApiException {

    RuleAlreadyExists(String id) {
        super(HttpStatus.CONFLICT, Problems.CONFLICT, "rule '" + id + "' already exists");
    }
}
