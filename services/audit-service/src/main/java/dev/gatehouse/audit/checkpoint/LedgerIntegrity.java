package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.ledger.LeafDocument;
import dev.gatehouse.audit.ledger.Ledger;
import dev.gatehouse.ledger.Rfc6962;
import dev.gatehouse.ledger.SignedNote;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The integrity checks the dashboard shows, run in the service against its own stored log: the latest
 * checkpoint's signature and root, and for one session its hash chain and each event's inclusion under
 * that checkpoint. The same checks as the offline verifier, for one screen; auditors who must not trust
 * the service still run the verifier with a pinned key.
 */
@Component
public class LedgerIntegrity {

    private static final String SESSION_ROWS = "SELECT l.leaf_index, l.leaf_hash, " + LeafDocument.COLUMNS
            + ", e.payload, e.payload_salt, e.payload_hash, e.prev_hash FROM events e"
            + " LEFT JOIN merkle_leaves l ON l.leaf_index = e.leaf_index"
            + " WHERE e.session_id = ? ORDER BY e.leaf_index NULLS LAST, e.seq LIMIT ?";

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final CheckpointSigner signer;

    LedgerIntegrity(JdbcTemplate jdbc, Ledger ledger, CheckpointSigner signer) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.signer = signer;
    }

    /** A signed checkpoint as stored, with what checking it found ({@code problem} null when it verified). */
    public record CheckpointStatus(long size, String rootHash, Instant createdAt, String note, boolean signatureValid,
                                   boolean rootMatchesLog, String problem) {

        public boolean verified() {
            return problem == null;
        }
    }

    /**
     * A session's evidence: {@code included} events proven under checkpoint {@code checkpointSize},
     * {@code pending} not covered by a checkpoint yet, {@code failure} the first thing that did not verify.
     */
    public record SessionStatus(int events, int chained, int included, int pending, Long checkpointSize,
                                String failure) {

        public boolean verified() {
            return failure == null;
        }
    }

    public String verifierKey() {
        return signer.verifierKey();
    }

    public long logSize() {
        return ledger.size();
    }

    /** The newest checkpoints, newest first, each checked; the first also against its predecessor. */
    public List<CheckpointStatus> recent(int limit) {
        return jdbc.query("SELECT tree_size, root_hash, note, created_at FROM checkpoints ORDER BY tree_size DESC LIMIT ?",
                (rs, n) -> check(rs.getLong(1), rs.getBytes(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant()), limit);
    }

    public Optional<CheckpointStatus> latest() {
        return recent(1).stream().findFirst();
    }

    /** Whether the log at {@code to} extends the log at {@code from} (RFC 9162 consistency). */
    public boolean consistent(CheckpointStatus from, CheckpointStatus to) {
        byte[] fromRoot = Base64.getDecoder().decode(from.rootHash());
        byte[] toRoot = Base64.getDecoder().decode(to.rootHash());
        return Rfc6962.verifyConsistency(from.size(), to.size(), fromRoot, toRoot,
                ledger.tree().consistencyProof(from.size(), to.size()));
    }

    private CheckpointStatus check(long size, byte[] root, String note, Instant createdAt) {
        String problem = null;
        boolean signature;
        try {
            SignedNote.Checkpoint parsed = SignedNote.verify(note, signer.verifierKey());
            signature = parsed.size() == size && Arrays.equals(parsed.rootHash(), root);
            if (!signature) {
                problem = "the signed note does not match the stored size and root";
            }
        } catch (IllegalArgumentException e) {
            signature = false;
            problem = "signature does not verify: " + e.getMessage();
        }
        boolean rootMatches = Arrays.equals(ledger.tree().root(size), root);
        if (!rootMatches && problem == null) {
            problem = "the Merkle log no longer hashes to the signed root";
        }
        return new CheckpointStatus(size, Base64.getEncoder().encodeToString(root), createdAt, note, signature,
                rootMatches, problem);
    }

    /** Checks up to {@code limit} events of the session, in log order. */
    public SessionStatus session(String sessionId, int limit) {
        Optional<CheckpointStatus> checkpoint = latest();
        SessionCheck check = new SessionCheck(checkpoint.filter(CheckpointStatus::verified).orElse(null), ledger.tree());
        jdbc.query(SESSION_ROWS, rs -> {
            check.accept(rs.getObject("leaf_index") == null ? -1 : rs.getLong("leaf_index"), rs.getBytes("leaf_hash"),
                    LeafDocument.fromRow(rs), rs.getString("payload"), rs.getBytes("payload_salt"),
                    rs.getBytes("payload_hash"), rs.getBytes("prev_hash"));
        }, sessionId, limit);
        if (checkpoint.isPresent() && !checkpoint.get().verified()) {
            check.fail("checkpoint " + checkpoint.get().size() + ": " + checkpoint.get().problem());
        }
        return check.result();
    }
}
