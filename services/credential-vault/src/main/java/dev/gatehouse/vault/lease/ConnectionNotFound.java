package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class ConnectionNotFound extends ApiException {

    ConnectionNotFound(String connection) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "the vault holds no credential for connection '"
                + connection + "'");
    }
}
