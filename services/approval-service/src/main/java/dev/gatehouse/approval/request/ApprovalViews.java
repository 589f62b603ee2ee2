package dev.gatehouse.approval.request;

import dev.gatehouse.model.Approval;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Turns stored requests into the {@link Approval} every endpoint answers with. */
@Component
class ApprovalViews {

    private final ApprovalStore store;
    private final ApprovalProperties properties;

    ApprovalViews(ApprovalStore store, ApprovalProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    Approval find(UUID id) {
        return view(store.find(id).orElseThrow(() -> new ApprovalNotFound(id)));
    }

    Approval view(StoredApproval approval) {
        return approval.view(properties.urlOf(approval.id()), now());
    }

    /** PostgreSQL keeps microseconds: times are cut there so a stored time reads back unchanged. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
