package dev.gatehouse.audit.ledger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.UUID;

/**
 * Appends events that have no leaf (stored before the ledger existed) at startup, oldest first, in
 * chunks, under the same lock as ingest. Normally finds nothing: ingest appends in its own transaction.
 */
@Component
class LedgerBackfill implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LedgerBackfill.class);
    private static final int CHUNK = 1000;

    private final Ledger ledger;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    LedgerBackfill(Ledger ledger, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        long total = 0;
        while (true) {
            Integer appended = transaction.execute(status -> {
                ledger.lockForAppend();
                List<UUID> ids = jdbc.queryForList("SELECT id FROM events WHERE leaf_index IS NULL "
                        + "ORDER BY ingested_at, id LIMIT " + CHUNK, UUID.class);
                if (!ids.isEmpty()) {
                    ledger.append(ids);
                }
                return ids.size();
            });
            total += appended == null ? 0 : appended;
            if (appended == null || appended < CHUNK) {
                break;
            }
        }
        if (total > 0) {
            log.info("Appended {} audit events without a leaf to the Merkle log", total);
        }
    }
}
