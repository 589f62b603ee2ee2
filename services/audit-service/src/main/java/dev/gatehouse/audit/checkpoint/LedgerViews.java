package dev.gatehouse.audit.checkpoint;

import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.UUID;

/** Response bodies of the ledger API. Hashes are base64; {@code event} is the leaf document's event part. */
final class LedgerViews {

    private LedgerViews() {
    }

    record PublicKeyView(String name, String algorithm, String keyId, String publicKey, String verifierKey) {
    }

    record ConsistencyView(long from, long to, String fromRoot, String toRoot, List<String> proof,
                           String fromNote, String toNote) {
    }

    /**
     * Inclusion of one event in the checkpoint of {@code treeSize}, and its session chain link:
     * {@code chainHash} (= its leaf hash) covers {@code prevHash}, the chain hash of the session's
     * previous event (null for the first).
     */
    record EventProof(UUID eventId, String sessionId, long leafIndex, long treeSize, List<String> auditPath,
                      String rootHash, String checkpoint, String prevHash, String chainHash,
                      String payloadHash, String payloadSalt, ObjectNode event, String payload) {
    }

    /** One leaf of the log with the event stored at it ({@code event} null if it is gone). */
    record Entry(long leafIndex, UUID eventId, ObjectNode event, String payload, String payloadSalt,
                 String payloadHash, String prevHash, List<String> auditPath) {
    }

    record EntryPage(long treeSize, String checkpoint, List<Entry> items, Long next) {
    }

    record CheckpointList(List<CheckpointView> items) {
    }
}
