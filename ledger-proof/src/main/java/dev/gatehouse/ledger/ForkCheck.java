package dev.gatehouse.ledger;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Whether two checkpoints of one log can both be honest: the smaller tree must be a prefix of the larger
 * (RFC 9162 consistency proof). Two different roots for one size, or a failed proof, mean the log showed
 * different histories to different readers (a fork) or rewrote its history.
 */
public final class ForkCheck {

    private ForkCheck() {
    }

    /** True when a consistency proof is needed: the sizes differ. Same size: checked here directly. */
    public static boolean needsProof(SignedNote.Checkpoint seen, SignedNote.Checkpoint now) {
        sameOrigin(seen, now);
        if (seen.size() == now.size()) {
            if (!Arrays.equals(seen.rootHash(), now.rootHash())) {
                throw new ReceiptRejected("forked log: checkpoint " + now.size() + " has root " + base64(now.rootHash())
                        + " but the checkpoint of that size seen earlier has root " + base64(seen.rootHash()));
            }
            return false;
        }
        return true;
    }

    /** Checks {@code proof} (base64 hashes) between the two checkpoints, in either order. */
    public static void consistent(SignedNote.Checkpoint a, SignedNote.Checkpoint b, List<String> proof) {
        SignedNote.Checkpoint older = a.size() <= b.size() ? a : b;
        SignedNote.Checkpoint newer = older == a ? b : a;
        List<byte[]> path = proof.stream().map(hash -> Base64.getDecoder().decode(hash)).toList();
        if (!Rfc6962.verifyConsistency(older.size(), newer.size(), older.rootHash(), newer.rootHash(), path)) {
            throw new ReceiptRejected("forked or rewritten log: checkpoint " + newer.size() + " is not consistent with "
                    + "checkpoint " + older.size() + " seen earlier (the consistency proof does not verify)");
        }
    }

    private static void sameOrigin(SignedNote.Checkpoint seen, SignedNote.Checkpoint now) {
        if (!seen.origin().equals(now.origin())) {
            throw new ReceiptRejected("the checkpoint is from log " + now.origin() + ", not from " + seen.origin()
                    + " seen earlier");
        }
    }

    private static String base64(byte[] hash) {
        return Base64.getEncoder().encodeToString(hash);
    }
}
