package dev.gatehouse.vault.audit;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** Kafka did not acknowledge an audit event in time: the action it records is not carried out. */
public class AuditUnavailable extends ApiException {

    AuditUnavailable(String detail) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, detail);
    }
}
