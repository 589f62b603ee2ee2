package dev.gatehouse.audit.ledger;

import dev.gatehouse.ledger.LeafHash;
import dev.gatehouse.ledger.LeafTemplate;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One event made ready for the ledger before the append lock is taken: its row, its payload's salt and
 * hash, its leaf with the link to the session's previous event left open, and its COPY line up to the
 * ledger's own columns. None of this depends on another event, so ingest stages a batch on several
 * threads; under the lock only the chain (one SHA-256 an event) and the COPY itself remain.
 */
public record StagedEvent(EventColumns row, byte[] salt, byte[] payloadHash, LeafTemplate leaf, byte[] copyColumns) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Stages {@code rows} in order; safe to call from several threads at once. */
    public static List<StagedEvent> stage(List<EventColumns> rows) {
        byte[] salts = new byte[16 * rows.size()];
        RANDOM.nextBytes(salts);
        List<StagedEvent> staged = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            EventColumns row = rows.get(i);
            byte[] salt = null;
            byte[] payloadHash = null;
            if (row.payload() != null) {
                salt = Arrays.copyOfRange(salts, 16 * i, 16 * i + 16);
                payloadHash = LeafHash.payloadHash(salt, row.payload());
            }
            staged.add(new StagedEvent(row, salt, payloadHash,
                    LeafTemplate.of(LeafDocument.fromColumns(row), payloadHash), LedgerCopy.columns(row)));
        }
        return staged;
    }
}
