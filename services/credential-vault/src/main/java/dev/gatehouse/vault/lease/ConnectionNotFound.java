package dev.gatehouse.vault.lease;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

class ConnectionNotFound extends ApiException {

    ConnectionNotFound(String connection) {
        super(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "the vault holds no credential for connection '"
                + connection + "'");
    }
}
