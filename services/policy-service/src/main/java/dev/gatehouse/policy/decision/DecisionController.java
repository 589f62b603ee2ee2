package dev.gatehouse.policy.decision;

import dev.gatehouse.model.Decision;
import dev.gatehouse.model.DecisionRequest;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.policy.common.InvalidField;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The proxy's question per request. Always 200 with a Decision once the request is well-formed. */
@RestController
@PreAuthorize("hasAuthority('gatehouse-proxy')")
class DecisionController {

    private final PolicySnapshots snapshots;

    DecisionController(PolicySnapshots snapshots) {
        this.snapshots = snapshots;
    }

    @PostMapping("/api/v1/decisions")
    Decision decide(@RequestBody DecisionRequest request) {
        if (request.operation().protocol() == Protocol.HTTP && request.operation().method() == null) {
            throw new InvalidField("operation.method", "must not be null for HTTP operations");
        }
        return snapshots.current().decide(request);
    }
}
