package dev.gatehouse.audit.checkpoint;

import dev.gatehouse.audit.ledger.Ledger;
import dev.gatehouse.audit.ledger.LedgerAppended;
import dev.gatehouse.ledger.SignedNote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs a checkpoint of the committed Merkle log every {@code every-events} appended events (checked
 * after each ingest commit, on the checkpoint thread) and every {@code every} while the log grows. Replicas may both sign the
 * same size; the first insert wins and the notes are equivalent (same root, same key).
 */
@Component
class CheckpointService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointService.class);
    private static final String SELECT = "SELECT tree_size, root_hash, note FROM checkpoints ";

    private final Ledger ledger;
    private final JdbcClient jdbc;
    private final CheckpointSigner signer;
    private final CheckpointProperties properties;
    private volatile ScheduledExecutorService timer;
    /** The newest appended size not yet checked by the checkpoint thread; -1 when none is queued. */
    private final AtomicLong pending = new AtomicLong(-1);

    CheckpointService(Ledger ledger, JdbcClient jdbc, CheckpointSigner signer, CheckpointProperties properties) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.signer = signer;
        this.properties = properties;
    }

    @EventListener
    void onAppended(LedgerAppended appended) {
        ScheduledExecutorService executor = timer;
        if (executor == null) {
            signIfDue(appended.size());
            return;
        }
        // On the checkpoint thread, not the ingest thread: hashing the tree's new part and signing need
        // not hold up the next batch. Sizes that arrive meanwhile collapse into one pending check.
        if (pending.getAndSet(appended.size()) < 0) {
            executor.execute(() -> signIfDue(pending.getAndSet(-1)));
        }
    }

    private void signIfDue(long size) {
        try {
            if (size - latestSize() >= properties.everyEvents()) {
                checkpoint();
            }
        } catch (RuntimeException e) {
            // The timer retries; ingest has committed and must not be replayed for a checkpoint.
            log.warn("Could not sign an audit checkpoint: {}", e.toString());
        }
    }

    /** Signs the current committed log unless the latest checkpoint already covers it. */
    synchronized Optional<CheckpointView> checkpoint() {
        long size = ledger.size();
        if (size == 0 || size <= latestSize()) {
            return Optional.empty();
        }
        byte[] root = ledger.tree().root(size);
        String note = signer.sign(SignedNote.body(properties.origin(), size, root));
        jdbc.sql("INSERT INTO checkpoints (tree_size, root_hash, note) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(size, root, note).update();
        return find(size);
    }

    long latestSize() {
        return jdbc.sql("SELECT coalesce(max(tree_size), 0) FROM checkpoints").query(Long.class).single();
    }

    Optional<CheckpointView> latest() {
        return jdbc.sql(SELECT + "ORDER BY tree_size DESC LIMIT 1").query(CheckpointService::view).optional();
    }

    Optional<CheckpointView> find(long size) {
        return jdbc.sql(SELECT + "WHERE tree_size = ?").param(size).query(CheckpointService::view).optional();
    }

    /** Checkpoints with a size of at least {@code from}, smallest first. */
    List<CheckpointView> list(long from, int limit) {
        return jdbc.sql(SELECT + "WHERE tree_size >= ? ORDER BY tree_size LIMIT ?").params(from, limit)
                .query(CheckpointService::view).list();
    }

    private static CheckpointView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new CheckpointView(rs.getLong(1), Base64.getEncoder().encodeToString(rs.getBytes(2)),
                rs.getString(3));
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        long period = properties.every().toMillis();
        executor.scheduleWithFixedDelay(this::periodic, period, period, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    private void periodic() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            // Next round retries; a failure here must not stop the timer.
            log.warn("Could not sign an audit checkpoint: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        if (executor != null) {
            executor.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
