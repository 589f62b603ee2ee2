package dev.gatehouse.policy.connection;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class ConnectionNotFound extends ApiException {

    ConnectionNotFound(String name) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "connection '" + name + "' is not in the active policy");
    }
}
