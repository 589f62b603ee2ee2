package dev.gatehouse.ledger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Verifies one event's receipt offline: the event proof as audit-service serves it
 * ({@code GET /api/v1/events/{id}/proof}: event, payloadSalt/payloadHash/payload, prevHash, leafIndex,
 * treeSize, auditPath, checkpoint) against a verifier key the caller pinned. Nothing the server says is
 * trusted unless the signed checkpoint covers it: the root comes from the signed note, not from the
 * proof's unsigned {@code rootHash}, and the leaf is recomputed from the event.
 */
public final class ReceiptVerifier {

    /** What a verified receipt proves: this event is leaf {@code leafIndex} of the signed checkpoint. */
    public record Receipt(String eventId, long leafIndex, SignedNote.Checkpoint checkpoint, ObjectNode event) {
    }

    private ReceiptVerifier() {
    }

    public static Receipt verify(JsonNode proof, String expectedEventId, String verifierKey) {
        SignedNote.Checkpoint checkpoint = checkpoint(proof.path("checkpoint").asString(null), verifierKey);
        long treeSize = proof.path("treeSize").asLong(-1);
        long index = proof.path("leafIndex").asLong(-1);
        if (treeSize != checkpoint.size()) {
            throw new ReceiptRejected("the proof is for tree size " + treeSize + " but its signed checkpoint has size "
                    + checkpoint.size());
        }
        if (!(proof.get("event") instanceof ObjectNode event)) {
            throw new ReceiptRejected("the receipt has no event");
        }
        String eventId = event.path("id").asString(null);
        if (expectedEventId != null && !expectedEventId.equals(eventId)) {
            throw new ReceiptRejected("the receipt is for event " + eventId + ", not the requested " + expectedEventId);
        }
        byte[] payloadHash = bytes(proof, "payloadHash");
        String payload = proof.path("payload").asString(null);
        if (payload != null && (payloadHash == null || !Arrays.equals(payloadHash,
                LeafHash.payloadHash(bytes(proof, "payloadSalt"), payload)))) {
            throw new ReceiptRejected("event " + eventId + ": its payload does not match the committed payload hash: "
                    + "the payload was altered");
        }
        byte[] leaf = LeafHash.leafHash(event, payloadHash, bytes(proof, "prevHash"));
        if (!Rfc6962.verifyInclusion(index, treeSize, leaf, path(proof.path("auditPath")), checkpoint.rootHash())) {
            throw new ReceiptRejected("event " + eventId + " is not included at leaf " + index + " under the signed root "
                    + "of checkpoint " + checkpoint.size() + ": the event (or its proof) was altered");
        }
        return new Receipt(eventId, index, checkpoint, event);
    }

    /** The note verified against the pinned key, with a message that says what a failure means. */
    public static SignedNote.Checkpoint checkpoint(String note, String verifierKey) {
        if (note == null || note.isBlank()) {
            throw new ReceiptRejected("the receipt carries no signed checkpoint");
        }
        try {
            return SignedNote.verify(note, verifierKey);
        } catch (IllegalArgumentException e) {
            throw new ReceiptRejected("the checkpoint does not verify with the pinned key " + keyName(verifierKey)
                    + " (" + e.getMessage() + "): a wrong key, or a checkpoint this log did not sign");
        }
    }

    static List<byte[]> path(JsonNode hashes) {
        List<byte[]> path = new ArrayList<>(hashes.size());
        for (JsonNode hash : hashes) {
            path.add(decode(hash.asString(null)));
        }
        return path;
    }

    private static byte[] bytes(JsonNode proof, String field) {
        return decode(proof.path(field).asString(null));
    }

    private static byte[] decode(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ReceiptRejected("the receipt holds a hash that is not base64");
        }
    }

    /** The key's name and id, never more: enough to tell keys apart in a message. */
    static String keyName(String verifierKey) {
        String[] parts = verifierKey == null ? new String[0] : verifierKey.split("\\+", 3);
        return parts.length == 3 ? parts[0] + "+" + parts[1] : "(malformed key)";
    }
}
