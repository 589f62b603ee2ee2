package dev.gatehouse.vault.secret;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

class SecretNotFound extends ApiException {

    SecretNotFound(String connection) {
        super(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "no secret is stored for connection '" + connection + "'");
    }
}
