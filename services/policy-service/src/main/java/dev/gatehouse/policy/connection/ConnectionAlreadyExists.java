package dev.gatehouse.policy.connection;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class ConnectionAlreadyExists extends ApiException {

    ConnectionAlreadyExists(String name) {
        super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "connection '" + name + "' already exists");
    }
}
