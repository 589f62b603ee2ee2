package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.MalformedMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import reactor.core.publisher.Mono;

import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * What the client sends, one message at a time and in order: each statement (Query text, Parse text) is
 * decided, a Bind of an allowed statement is audited write-ahead ({@link ExtendedFlow}), and the message
 * goes upstream with the answer it is owed added to the {@link ResponseQueue}. A refused statement is
 * replaced by a message PostgreSQL must fail ({@link Refusal}), so the database itself keeps the
 * pipeline's error semantics; {@link ResultFlow} rewrites that one error. While a decision or an
 * acknowledgement is awaited, later messages wait in a bounded queue and reading stops.
 */
final class StatementFlow {

    private static final int MAX_QUEUED = 512;

    private final ClientChannel client;
    private final UpstreamChannel upstream;
    private final ResponseQueue pending;
    private final LexingGuard guard;
    private final SettingsPin pin;
    private final Decisions decisions;
    private final ExtendedFlow extended;
    private final ArrayDeque<PgFrame> inbox = new ArrayDeque<>();
    private boolean busy;
    /** The next message waits for a ReadyForQuery ({@link LexingGuard#mayHandle}). */
    private boolean awaitingReady;

    StatementFlow(ClientChannel client, UpstreamChannel upstream, ResponseQueue pending, LexingGuard guard,
                  SettingsPin pin, Decisions decisions) {
        this.client = client;
        this.upstream = upstream;
        this.pending = pending;
        this.guard = guard;
        this.pin = pin;
        this.decisions = decisions;
        this.extended = new ExtendedFlow(this, upstream, pending, new SessionStatements(), decisions);
    }

    /** Takes ownership of {@code frame}. */
    void onMessage(PgFrame frame) {
        inbox.add(frame);
        drain();
    }

    private void drain() {
        while (!busy && !inbox.isEmpty() && client.ready()) {
            if (!guard.mayHandle(inbox.peek(), pending)) {
                awaitingReady = true;
                break;
            }
            PgFrame frame = inbox.poll();
            try {
                handle(frame);
            } catch (MalformedMessage e) {
                client.fatal(SqlState.PROTOCOL_VIOLATION, "invalid message: " + e.getMessage());
            } finally {
                frame.release();
            }
        }
        upstream.flush();
        updateAutoRead();
    }

    /** The database sent ReadyForQuery: a message that waited for it may go on. */
    void readyForQuery() {
        if (awaitingReady) {
            awaitingReady = false;
            drain();
        }
    }

    void updateAutoRead() {
        if (client.ready()) {
            client.reading(inbox.size() < MAX_QUEUED && upstream.writable());
        }
    }

    void release() {
        inbox.forEach(PgFrame::release);
        inbox.clear();
    }

    private void handle(PgFrame frame) {
        if (!LexingGuard.asciiNames(frame)) {
            client.fatal(SqlState.FEATURE_NOT_SUPPORTED, "Gatehouse accepts ASCII statement and portal names only");
            return;
        }
        if (guard.handled(frame)) {
            pin.write(upstream, pending);
        }
        switch (frame.frontend()) {
            case QUERY -> query(frame);
            case PARSE -> extended.parse(frame);
            case BIND -> extended.bind(frame);
            case EXECUTE -> extended.execute(frame);
            case DESCRIBE -> extended.describe(frame);
            case CLOSE -> extended.close(frame);
            case SYNC -> {
                upstream.forward(frame);
                pending.add(Pending.of(Kind.SYNC));
            }
            case FLUSH, COPY_DATA, COPY_DONE, COPY_FAIL -> upstream.forward(frame);
            case FUNCTION_CALL -> refuseQuery(new Refusal(SqlState.INSUFFICIENT_PRIVILEGE,
                    "function calls are not allowed through Gatehouse"));
            case TERMINATE -> client.close();
            case PASSWORD, UNKNOWN -> client.fatal(SqlState.PROTOCOL_VIOLATION, "unexpected message type");
        }
    }

    private void query(PgFrame frame) {
        String sql = Messages.query(frame.body());
        if (sql.isBlank()) {
            upstream.forward(frame);
            pending.add(Pending.of(Kind.QUERY));
            return;
        }
        hold(frame, judge(frame, sql).flatMap(verdict -> verdict.refusal() != null
                        ? Mono.just(() -> refuseQuery(verdict.refusal()))
                        : decisions.request(sql, null, verdict.decision(), verdict.approvalId())
                        .map(execution -> (Runnable) () -> {
                            execution.sent = true;
                            upstream.forward(frame);
                            pending.add(new Pending(Kind.QUERY, null, null, execution, verdict.plan(), null));
                        })),
                error -> () -> refuseQuery(decisions.unavailable(error)));
    }

    private void refuseQuery(Refusal refusal) {
        upstream.send(PgWire.query(upstream.alloc(), Refusal.DENIED_TEXT));
        pending.add(new Pending(Kind.QUERY, null, null, null, null, refusal));
    }

    /** Gatehouse's own rule on the text ({@link LexingGuard}) first, then the policy. */
    Mono<StatementJudge.Verdict> judge(PgFrame frame, String sql) {
        Refusal own = guard.refusal(frame, sql);
        return own != null ? decisions.refusedByGatehouse(sql, own) : decisions.judge(sql);
    }

    /**
     * Holds the queue until {@code step} is done; its action then runs on the event loop. A step that is
     * done at once (a cached decision, a run audited after the fact) acts at once, on this thread, and
     * the queue goes on: no task handed to the event loop and no pause in reading for it.
     */
    void hold(PgFrame frame, Mono<Runnable> step, Function<Throwable, Runnable> fallback) {
        busy = true;
        Thread caller = Thread.currentThread();
        Runnable[] immediate = new Runnable[1];
        boolean[] subscribing = {true};
        step.switchIfEmpty(Mono.error(() -> new IllegalStateException("no outcome")))
                .onErrorResume(error -> Mono.just(fallback.apply(error)))
                .subscribe(action -> {
                    if (subscribing[0] && Thread.currentThread() == caller) {
                        immediate[0] = action;
                    } else {
                        later(frame, action);
                    }
                });
        subscribing[0] = false;
        if (immediate[0] != null) {
            busy = false;
            if (client.ready()) {
                immediate[0].run(); // the caller (drain) releases the frame and goes on with the next one
            }
            return;
        }
        frame.retain();
        client.reading(false);
    }

    private void later(PgFrame frame, Runnable action) {
        client.later(() -> {
            try {
                if (client.ready()) {
                    action.run();
                }
            } finally {
                frame.release();
                busy = false;
                drain();
            }
        });
    }

    /** Runs that went to the database and whose answer has not come (for their RESPONSE when the session ends). */
    java.util.List<Execution> unfinished() {
        java.util.List<Execution> open = new java.util.ArrayList<>();
        for (Pending entry : pending) {
            unfinished(entry.execution, open);
        }
        extended.unfinished(execution -> unfinished(execution, open));
        return open;
    }

    private static void unfinished(Execution execution, java.util.List<Execution> open) {
        if (execution != null && execution.sent && !execution.finished && !open.contains(execution)) {
            open.add(execution);
        }
    }
}
