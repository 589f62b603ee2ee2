package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.ledger.MerkleTree;
import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.Rfc6962;
import tools.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Base64;

/** Walks one session's events in log order, as the verifier does, and keeps the first failure. */
final class SessionCheck {

    private final LedgerIntegrity.CheckpointStatus checkpoint;
    private final byte[] checkpointRoot;
    private final MerkleTree tree;
    private byte[] previousChainHash;
    private int events;
    private int chained;
    private int included;
    private int pending;
    private String failure;

    SessionCheck(LedgerIntegrity.CheckpointStatus checkpoint, MerkleTree tree) {
        this.checkpoint = checkpoint;
        this.checkpointRoot = checkpoint == null ? null : Base64.getDecoder().decode(checkpoint.rootHash());
        this.tree = tree;
    }

    void accept(long leafIndex, byte[] storedLeafHash, ObjectNode event, String payload, byte[] salt,
                byte[] payloadHash, byte[] prevHash) {
        events++;
        String id = event.path("id").asString();
        if (leafIndex < 0) {
            fail("event " + id + " has no leaf in the Merkle log");
            return;
        }
        if (payload != null && !Arrays.equals(LeafHash.payloadHash(salt, payload), payloadHash)) {
            fail("event " + id + ": the payload does not match its committed hash");
        }
        if (!Arrays.equals(prevHash, previousChainHash)) {
            fail("event " + id + ": the hash chain is broken (previous link differs)");
        }
        byte[] leafHash = LeafHash.leafHash(event, payloadHash, prevHash);
        if (!Arrays.equals(leafHash, storedLeafHash)) {
            fail("event " + id + ": the stored event differs from what its leaf commits to");
        } else if (failure == null) {
            chained++;
        }
        previousChainHash = storedLeafHash;
        if (checkpoint == null || leafIndex >= checkpoint.size()) {
            pending++;
        } else if (Rfc6962.verifyInclusion(leafIndex, checkpoint.size(), leafHash,
                tree.inclusionProof(leafIndex, checkpoint.size()), checkpointRoot)) {
            included++;
        } else {
            fail("event " + id + ": not included under checkpoint " + checkpoint.size());
        }
    }

    void fail(String reason) {
        if (failure == null) {
            failure = reason;
        }
    }

    LedgerIntegrity.SessionStatus result() {
        return new LedgerIntegrity.SessionStatus(events, chained, included, pending,
                checkpoint == null ? null : checkpoint.size(), failure);
    }
}
