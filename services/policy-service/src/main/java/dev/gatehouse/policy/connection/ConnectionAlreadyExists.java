package dev.gatehouse.policy.connection;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

class ConnectionAlreadyExists extends ApiException {

    ConnectionAlreadyExists(String name) {
        super(HttpStatus.CONFLICT, Problems.CONFLICT, "connection '" + name + "' already exists");
    }
}
