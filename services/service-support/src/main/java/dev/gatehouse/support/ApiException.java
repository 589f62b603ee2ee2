package dev.gatehouse.support;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.net.URI;

/**
 * Base for domain exceptions named after the fact ({@code ConnectionNotFound},
 * {@code SecretNotFound}...): each maps to one problem type and status, rendered as problem+json.
 */
public abstract class ApiException extends ErrorResponseException {

    protected ApiException(HttpStatus status, URI type, String detail) {
        super(status, Problems.of(status, type, detail), null);
    }
}
