package dev.gatehouse.policy.pins;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

class ToolPinNotFound extends ApiException {

    ToolPinNotFound(String connection, String tool) {
        super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no pin for tool '" + tool + "' of connection '"
                + connection + "'");
    }
}
