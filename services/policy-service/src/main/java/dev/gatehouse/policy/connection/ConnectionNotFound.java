package dev.gatehouse.policy.connection;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

class ConnectionNotFound extends ApiException {

    ConnectionNotFound(String name) {
        super(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "connection '" + name + "' does not exist");
    }
}
