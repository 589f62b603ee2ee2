package dev.gatehouse.vault.lease;

import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.support.ApiException;
import org.springframework.http.HttpStatus;

/** The lease API's refusals, each named after the fact. */
final class LeaseProblems {

    private LeaseProblems() {
    }

    static final class LeaseNotFound extends ApiException {
        LeaseNotFound(Object leaseId) {
            super(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "no lease " + leaseId);
        }
    }

    static final class LeaseNotActive extends ApiException {
        LeaseNotActive(Object leaseId, LeaseState state) {
            super(HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "lease " + leaseId + " is " + state
                    + " and cannot be renewed; ask for a new lease");
        }
    }

    static final class LeasesStillActive extends ApiException {
        LeasesStillActive(String connection, int count) {
            super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, count + " live lease(s) of connection '"
                    + connection + "' could not be revoked on the target; nothing was changed, retry later");
        }
    }

    static final class RevocationPending extends ApiException {
        RevocationPending(Object leaseId) {
            super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.UNAVAILABLE, "lease " + leaseId + " could not be "
                    + "revoked on its target now; it can no longer be renewed and the vault keeps retrying");
        }
    }
}
