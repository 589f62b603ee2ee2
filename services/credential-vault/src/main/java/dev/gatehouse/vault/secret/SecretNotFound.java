package dev.gatehouse.vault.secret;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class SecretNotFound extends ApiException {

    SecretNotFound(String connection) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no secret is stored for connection '" + connection + "'");
    }
}
