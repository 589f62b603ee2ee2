package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.common.InvalidField;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The proxy's question per request or statement, and its dry-run twin for policy authors. Always 200
 * with a decision once the request is well-formed: refusals are verdicts, not errors.
 */
@RestController
class DecisionController {

    private final PolicySnapshots snapshots;

    DecisionController(PolicySnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @PostMapping("/api/v1/decisions")
    @PreAuthorize("hasAuthority('gatehouse-proxy')")
    Decision decide(@RequestBody DecisionRequest request) {
        validate(request);
        return snapshots.current().decide(request);
    }

    /**
     * Admins see every rule considered and why it matched or not; nothing is enforced or recorded. The proxy
     * asks too, for a CI caller's {@code POST /explain} (with that caller's verified identity; it passes on
     * only verdicts, rule ids and reasons).
     */
    @PostMapping("/api/v1/decisions/explain")
    @PreAuthorize("hasAnyAuthority('gatehouse-admin', 'gatehouse-proxy')")
    Explanation explain(@RequestBody DecisionRequest request) {
        validate(request);
        return snapshots.current().explain(request);
    }

    private static void validate(DecisionRequest request) {
        if (request.operation().protocol() == Protocol.HTTP && request.operation().method() == null) {
            throw new InvalidField("operation.method", "must not be null for HTTP operations");
        }
        if ((request.operation().protocol() == Protocol.POSTGRES || request.operation().protocol() == Protocol.MYSQL)
                && (request.operation().statement() == null || request.operation().statement().isBlank())) {
            throw new InvalidField("operation.statement", "must not be empty for PostgreSQL operations");
        }
    }
}
