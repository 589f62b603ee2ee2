package dev.gatehouse.audit.search;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

import java.util.UUID;

class EventNotFound extends ApiException {

    EventNotFound(UUID id) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no audit event with id " + id);
    }
}
