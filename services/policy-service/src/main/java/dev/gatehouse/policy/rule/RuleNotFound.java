package dev.gatehouse.policy.rule;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

class RuleNotFound extends ApiException {

    RuleNotFound(String id) {
        super(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "rule '" + id + "' does not exist");
    }
}
