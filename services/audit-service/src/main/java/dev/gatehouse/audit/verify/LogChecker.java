package dev.gatehouse.audit.verify;

import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.Rfc6962;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the log's entries, in leaf order, against one signed checkpoint: each entry's event is
 * present and in place, its payload matches its salted hash, its recomputed leaf is included under the
 * signed root, and its prevHash is the chain hash of its session's previous event. Stops at the first
 * failure, which it names.
 */
final class LogChecker {

    private final long treeSize;
    private final byte[] root;
    private final Map<String, byte[]> sessionHeads = new HashMap<>();
    private long expected;

    LogChecker(long treeSize, byte[] root) {
        this.treeSize = treeSize;
        this.root = root;
    }

    /** Checks the next entry (JSON as served by /api/v1/ledger/entries or a bundle line). */
    void check(JsonNode entry) {
        long index = entry.path("leafIndex").asLong(-1);
        String eventId = entry.path("eventId").asString(null);
        if (index != expected) {
            throw new VerificationFailed("leaf " + expected + " is missing from the log (next leaf served: "
                    + index + ")");
        }
        JsonNode event = entry.get("event");
        if (event == null || event.isNull()) {
            throw new VerificationFailed("event " + eventId + " (leaf " + index + ") is missing: deleted");
        }
        String storedId = event.path("id").asString(null);
        if (!java.util.Objects.equals(storedId, eventId)) {
            throw new VerificationFailed("event " + storedId + " is at leaf " + index + ", which belongs to event "
                    + eventId + ": events were reordered or replaced");
        }
        byte[] payloadHash = bytes(entry.get("payloadHash"));
        String payload = entry.path("payload").asString(null);
        if (payload != null && (payloadHash == null
                || !Arrays.equals(payloadHash, LeafHash.payloadHash(bytes(entry.get("payloadSalt")), payload)))) {
            throw new VerificationFailed("event " + eventId + " (leaf " + index + "): payload does not match its "
                    + "committed hash: payload altered");
        }
        byte[] prevHash = bytes(entry.get("prevHash"));
        byte[] leaf = LeafHash.leafHash((ObjectNode) event, payloadHash, prevHash);
        List<byte[]> path = entry.path("auditPath").valueStream().map(LogChecker::bytes).toList();
        if (!Rfc6962.verifyInclusion(index, treeSize, leaf, path, root)) {
            throw new VerificationFailed("event " + eventId + " (leaf " + index + ") does not verify against "
                    + "checkpoint " + treeSize + ": its content was altered");
        }
        String session = event.path("sessionId").asString();
        byte[] head = sessionHeads.get(session);
        if (!Arrays.equals(head, prevHash)) {
            throw new VerificationFailed("event " + eventId + " (leaf " + index + "): session " + session
                    + " chain is broken (prevHash is not the previous event's chain hash)");
        }
        sessionHeads.put(session, leaf);
        expected++;
    }

    /** After the last entry: every leaf of the checkpoint was seen. */
    void finish() {
        if (expected != treeSize) {
            throw new VerificationFailed("log ends at leaf " + expected + " but checkpoint covers " + treeSize);
        }
    }

    long events() {
        return expected;
    }

    int sessions() {
        return sessionHeads.size();
    }

    static byte[] bytes(JsonNode base64) {
        return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asString());
    }
}
