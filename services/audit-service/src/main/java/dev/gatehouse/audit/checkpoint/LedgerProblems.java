package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** The ledger API's errors, named after the fact. */
final class LedgerProblems {

    private LedgerProblems() {
    }

    static final class CheckpointNotFound extends ApiException {
        CheckpointNotFound(String detail) {
            super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, detail);
        }
    }

    static final class EventNotInLog extends ApiException {
        EventNotInLog(String detail) {
            super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, detail);
        }
    }

    /** The event is in the log but no checkpoint covers it yet: retry after the next checkpoint. */
    static final class EventNotYetCheckpointed extends ApiException {
        EventNotYetCheckpointed(String detail) {
            super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, detail);
        }
    }

    static final class InvalidLedgerParameter extends ApiException {
        InvalidLedgerParameter(String name, String problem) {
            super(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, name + ": " + problem);
        }
    }
}
