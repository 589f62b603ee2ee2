package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.checkpoint.LedgerProblems.CheckpointNotFound;
import dev.gatehouse.audit.checkpoint.LedgerProblems.EventNotInLog;
import dev.gatehouse.audit.checkpoint.LedgerProblems.EventNotYetCheckpointed;
import dev.gatehouse.audit.checkpoint.LedgerProblems.InvalidLedgerParameter;
import dev.gatehouse.audit.checkpoint.LedgerViews.EventProof;
import org.springframework.stereotype.Component;

import java.util.UUID;
import java.util.function.Predicate;

/** One event's inclusion proof against a checkpoint: for auditors (any event) and receipts (the caller's own). */
@Component
class EventProofs {

    private final CheckpointService checkpoints;
    private final LedgerReader ledger;

    EventProofs(CheckpointService checkpoints, LedgerReader ledger) {
        this.checkpoints = checkpoints;
        this.ledger = ledger;
    }

    EventProof of(UUID eventId, CheckpointView checkpoint) {
        return of(eventId, checkpoint, row -> true);
    }

    /** As {@link #of(UUID, CheckpointView)} for the latest checkpoint; an event {@code visible} refuses is "not found". */
    EventProof latest(UUID eventId, Predicate<LedgerReader.Row> visible) {
        return of(eventId, checkpoints.latest().orElseThrow(() -> new CheckpointNotFound("no checkpoint yet")), visible);
    }

    private EventProof of(UUID eventId, CheckpointView checkpoint, Predicate<LedgerReader.Row> visible) {
        LedgerReader.Row row = ledger.byEvent(eventId).filter(visible)
                .orElseThrow(() -> new EventNotInLog("no audit event with id " + eventId));
        if (row.leafIndex() < 0) {
            throw new EventNotInLog("audit event " + eventId + " has no leaf in the Merkle log");
        }
        if (row.leafIndex() >= checkpoint.size()) {
            throw new EventNotYetCheckpointed("audit event " + eventId + " is not covered by checkpoint "
                    + checkpoint.size() + " yet; retry after the next checkpoint");
        }
        return new EventProof(eventId, row.event().path("sessionId").asString(), row.leafIndex(),
                checkpoint.size(), ledger.inclusion(row.leafIndex(), checkpoint.size()), checkpoint.rootHash(),
                checkpoint.note(), LedgerReader.base64(row.prevHash()), LedgerReader.base64(row.leafHash()),
                LedgerReader.base64(row.payloadHash()), LedgerReader.base64(row.payloadSalt()), row.event(),
                row.payload());
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidLedgerParameter("id", "must be a UUID");
        }
    }
}
