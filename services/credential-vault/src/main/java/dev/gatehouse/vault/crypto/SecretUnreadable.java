package dev.gatehouse.vault.crypto;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * A stored secret failed authentication: the row was altered, moved to another connection, or sealed
 * under a different KEK. The detail is fixed and the cause is dropped, so nothing about the key or
 * the bytes reaches the caller or a log.
 */
public class SecretUnreadable extends ApiException {

    public static final URI TYPE = URI.create(ProblemTypes.BASE + "secret-unreadable");
    static final String DETAIL = "the stored secret could not be decrypted";

    SecretUnreadable() {
        super(HttpStatus.INTERNAL_SERVER_ERROR, TYPE, DETAIL);
    }
}
