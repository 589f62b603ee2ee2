package dev.gatehouse.audit.ledger;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chain heads (latest leaf hash per session) as the last committed append left them, so a batch
 * needs no read of {@code session_heads} for sessions it has seen. Valid only for the tree size it was
 * built at: the writer compares that with the size it reads under the advisory lock, and any other
 * append in between (another replica, the backfill, a rolled-back batch) empties it. The table stays
 * the truth: whatever is not here is read from it.
 */
final class SessionHeads {

    /** ~100 bytes a session: bounded so a flood of one-event sessions cannot grow the heap. */
    static final int MAX_SESSIONS = 100_000;

    private final Map<String, byte[]> heads = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > MAX_SESSIONS;
        }
    };
    private long size = -1;

    /**
     * Called under the lock with the committed tree size: true if the cached heads are those of exactly
     * that tree; otherwise forgets them and starts over at {@code treeSize}.
     */
    synchronized boolean validFor(long treeSize) {
        if (size == treeSize) {
            return true;
        }
        heads.clear();
        size = treeSize;
        return false;
    }

    /** The cached heads of {@code sessions}; {@code missing} receives the ones to read from the table. */
    synchronized Map<String, byte[]> get(Iterable<String> sessions, java.util.Collection<String> missing) {
        Map<String, byte[]> found = new HashMap<>();
        for (String session : sessions) {
            byte[] head = heads.get(session);
            if (head == null) {
                missing.add(session);
            } else {
                found.put(session, head);
            }
        }
        return found;
    }

    /** After a commit that grew the tree from {@code from} to {@code to}: only if nothing came between. */
    synchronized void committed(long from, long to, Map<String, byte[]> newHeads) {
        if (size != from) {
            return;
        }
        heads.putAll(newHeads);
        size = to;
    }

    /** After a rollback, or when an append went around this cache. */
    synchronized void forget() {
        heads.clear();
        size = -1;
    }
}
