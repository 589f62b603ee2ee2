package dev.gatehouse.audit.search;

import dev.gatehouse.support.ApiException;
import dev.gatehouse.support.Problems;
import org.springframework.http.HttpStatus;

import java.util.UUID;

class EventNotFound extends ApiException {

    EventNotFound(UUID id) {
        super(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "no audit event with id " + id);
    }
}
