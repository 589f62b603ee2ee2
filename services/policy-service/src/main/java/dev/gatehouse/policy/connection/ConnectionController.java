package dev.gatehouse.policy.connection;

import dev.gatehouse.policy.document.ActivePolicy;
import dev.gatehouse.policy.document.PolicySource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.List;

/**
 * The connections of the active policy version, for admins and auditors, and for the proxy (its
 * PostgreSQL listener connects upstream when a session opens, before any statement is decided).
 * Read-only: connections are declared in the policy document ({@code PUT /api/v1/policies}).
 */
@RestController
@PreAuthorize("hasAnyAuthority('gatehouse-admin', 'gatehouse-auditor', 'gatehouse-proxy')")
class ConnectionController {

    private final PolicySource policies;

    ConnectionController(PolicySource policies) {
        this.policies = policies;
    }

    /** Ordered by name; empty while no policy has been stored. */
    @GetMapping("/api/v1/connections")
    List<ConnectionView> list() {
        return policies.active().map(ConnectionController::views).orElse(List.of());
    }

    @GetMapping("/api/v1/connections/{name}")
    ConnectionView get(@PathVariable String name) {
        return policies.active().flatMap(active -> views(active).stream()
                        .filter(view -> view.name().equals(name)).findFirst())
                .orElseThrow(() -> new ConnectionNotFound(name));
    }

    private static List<ConnectionView> views(ActivePolicy active) {
        return active.document().connections().stream()
                .map(spec -> ConnectionView.of(spec, active.version()))
                .sorted(Comparator.comparing(ConnectionView::name))
                .toList();
    }
}
