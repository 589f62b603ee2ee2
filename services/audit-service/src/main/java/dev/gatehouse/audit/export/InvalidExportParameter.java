package dev.gatehouse.audit.export;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** An export parameter that cannot be used; the detail names it, as the search API does. */
class InvalidExportParameter extends ApiException {

    InvalidExportParameter(String parameter, String reason) {
        super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, parameter + ": " + reason);
        getBody().setProperty("parameter", parameter);
    }
}
