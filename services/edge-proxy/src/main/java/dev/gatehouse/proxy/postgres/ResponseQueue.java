package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.BackendMessage;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Which client message each backend message answers. Every message forwarded upstream adds the answer
 * it is owed, in order ({@link Pending}); the database answers in the same order, so the head is the
 * message being answered. This class alone moves the head: a completion ('1', '2', '3') or a Describe's
 * NoData ends its entry, an error in the extended protocol skips to the Sync (PostgreSQL discards what
 * follows, so no answers come), and ReadyForQuery ends a Query or a Sync and anything still owed before
 * it. It counts the ReadyForQuery still owed, which {@link LexingGuard} waits on.
 */
final class ResponseQueue implements Iterable<Pending> {

    private final ArrayDeque<Pending> entries = new ArrayDeque<>();
    /** Queries and Syncs forwarded and not yet answered by a ReadyForQuery. */
    private int readyOwed;

    /** A message went upstream: {@code entry} is the answer it is owed. */
    void add(Pending entry) {
        entries.add(entry);
        if (endsWithReady(entry)) {
            readyOwed++;
        }
    }

    /** The entry the next backend message answers, or null when none is owed (notices, notifications). */
    Pending head() {
        return entries.peek();
    }

    /** The head's answer is complete. */
    Pending answered() {
        Pending done = entries.poll();
        if (done != null && endsWithReady(done)) {
            readyOwed--;
        }
        return done;
    }

    /** Whether a ReadyForQuery is still owed: something forwarded before now is unanswered. */
    boolean awaitingReady() {
        return readyOwed > 0;
    }

    /** NoData ends a Describe; elsewhere (a Query with no rows) it ends nothing. */
    void noData() {
        Pending head = entries.peek();
        if (head != null && (head.kind == Kind.DESCRIBE_STATEMENT || head.kind == Kind.DESCRIBE_PORTAL)) {
            answered();
        }
    }

    /**
     * Whether {@code message} answers one of the {@link SettingsPin}'s own statements; it is then
     * accounted for here and not passed on. An error or a notice is not: the client sees it.
     */
    boolean answersPin(BackendMessage message) {
        Pending head = entries.peek();
        if (head == null || head.kind != Kind.PIN) {
            return false;
        }
        return switch (message) {
            case PARSE_COMPLETE, BIND_COMPLETE, COMMAND_COMPLETE, CLOSE_COMPLETE -> {
                answered();
                yield true;
            }
            default -> false;
        };
    }

    /** After an extended-protocol error: what was owed up to the Sync never comes; each entry is handed over. */
    void skipToSync(Consumer<Pending> skipped) {
        while (!entries.isEmpty() && entries.peek().kind != Kind.SYNC) {
            skipped.accept(answered());
        }
    }

    /**
     * ReadyForQuery arrived: it answers the first Query or Sync, and whatever was owed before that cannot
     * come any more. Returns the Query or Sync it answered, or null.
     */
    Pending readyForQuery() {
        Pending head = entries.peek();
        while (head != null && !endsWithReady(head)) {
            answered();
            head = entries.peek();
        }
        return head == null ? null : answered();
    }

    int size() {
        return entries.size();
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public Iterator<Pending> iterator() {
        return entries.iterator();
    }

    private static boolean endsWithReady(Pending entry) {
        return entry.kind == Kind.QUERY || entry.kind == Kind.SYNC;
    }
}
