package dev.gatehouse.policy.version;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class PolicyVersionNotFound extends ApiException {

    PolicyVersionNotFound(long version) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "policy version " + version + " does not exist");
    }

    /** Nothing has been stored yet, so there is no active version. */
    PolicyVersionNotFound() {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no policy has been stored yet");
    }
}
