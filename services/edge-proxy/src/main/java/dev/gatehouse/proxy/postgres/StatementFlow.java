package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.MalformedMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;
import reactor.core.publisher.Mono;

import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * What the client sends, one message at a time and in order: each statement (Query text, Parse text) is
 * decided, a Bind of an allowed statement is audited write-ahead, and the message goes upstream. A
 * refused statement is replaced by a message PostgreSQL must fail ({@link Refusal}), so the database
 * itself keeps the pipeline's error semantics; {@link ResultFlow} rewrites that one error. While a
 * decision or an acknowledgement is awaited, later messages wait in a bounded queue and reading stops.
 */
final class StatementFlow {

    private static final int MAX_QUEUED = 512;
    private static final int MAX_STATEMENTS = 10_000;

    private final ClientSession s;
    private final StatementJudge judge;
    private final ArrayDeque<PgFrame> inbox = new ArrayDeque<>();
    private boolean busy;
    /** The next message waits for a ReadyForQuery ({@link LexingGuard#mayHandle}). */
    private boolean awaitingReady;

    StatementFlow(ClientSession session) {
        this.s = session;
        this.judge = new StatementJudge(session);
    }

    void onMessage(PgFrame frame) {
        inbox.add(frame);
        drain();
    }

    private void drain() {
        while (!busy && !inbox.isEmpty() && s.phase == ClientSession.Phase.READY) {
            if (!s.guard.mayHandle(inbox.peek(), s.pending)) {
                awaitingReady = true;
                break;
            }
            PgFrame frame = inbox.poll();
            try {
                handle(frame);
            } catch (MalformedMessage e) {
                s.fatal("08P01", "invalid message: " + e.getMessage());
            } finally {
                frame.release();
            }
        }
        if (s.upstream != null) {
            s.upstream.flush();
        }
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
        if (s.phase == ClientSession.Phase.READY) {
            s.client.config().setAutoRead(inbox.size() < MAX_QUEUED && s.upstream.isWritable());
        }
    }

    void release() {
        inbox.forEach(PgFrame::release);
        inbox.clear();
    }

    private void handle(PgFrame frame) {
        if (!LexingGuard.asciiNames(frame)) {
            s.fatal("0A000", "Gatehouse accepts ASCII statement and portal names only");
            return;
        }
        if (s.guard.handled(frame)) {
            s.pin.write(s.upstream, s.pending);
        }
        switch (frame.type()) {
            case 'Q' -> query(frame);
            case 'P' -> parse(frame);
            case 'B' -> bind(frame);
            case 'E' -> execute(frame);
            case 'D' -> describe(frame);
            case 'C' -> close(frame);
            case 'S' -> {
                forward(frame);
                s.pending.add(Pending.of(Kind.SYNC));
            }
            case 'H', 'd', 'c', 'f' -> forward(frame);
            case 'F' -> refuseQuery(new Refusal("42501", "function calls are not allowed through Gatehouse"));
            case 'X' -> s.client.close();
            default -> s.fatal("08P01", "unexpected message type");
        }
    }

    private void query(PgFrame frame) {
        String sql = Messages.query(frame.body());
        if (sql.isBlank()) {
            forward(frame);
            s.pending.add(Pending.of(Kind.QUERY));
            return;
        }
        hold(frame, judge(frame, sql).flatMap(verdict -> verdict.refusal() != null
                        ? Mono.just(() -> refuseQuery(verdict.refusal()))
                        : judge.request(sql, null, verdict.decision(), verdict.approvalId()).map(execution -> (Runnable) () -> {
                            forward(frame);
                            s.pending.add(new Pending(Kind.QUERY, null, null, execution, verdict.plan(), null));
                        })),
                error -> () -> refuseQuery(judge.unavailable(error)));
    }

    private void refuseQuery(Refusal refusal) {
        write(PgWire.query(s.upstream.alloc(), Refusal.DENIED_TEXT));
        s.pending.add(new Pending(Kind.QUERY, null, null, null, null, refusal));
    }

    private void parse(PgFrame frame) {
        Messages.Parse parse = Messages.parse(frame.body());
        String name = parse.name();
        if (!name.isEmpty() && s.statements.containsKey(name)) {
            forward(frame); // PostgreSQL refuses the duplicate name itself; the statement stays as decided
            s.pending.add(Pending.of(Kind.PARSE));
            return;
        }
        if (s.statements.size() >= MAX_STATEMENTS) {
            refuseParse(name, parse.sql(), new Refusal("54000", "too many prepared statements in this session"));
            return;
        }
        if (parse.sql().isBlank()) {
            s.statements.put(name, new Prepared(parse.sql(), null, null, null));
            forward(frame);
            s.pending.add(Pending.of(Kind.PARSE));
            return;
        }
        hold(frame, judge(frame, parse.sql()).map(verdict -> () -> {
            if (verdict.refusal() != null) {
                refuseParse(name, parse.sql(), verdict.refusal());
                return;
            }
            Prepared prepared = new Prepared(parse.sql(), verdict.decision(), verdict.plan(), null);
            prepared.approvalId = verdict.approvalId();
            s.statements.put(name, prepared);
            forward(frame);
            s.pending.add(new Pending(Kind.PARSE, prepared, null, null, null, null));
        }), error -> () -> refuseParse(name, parse.sql(), judge.unavailable(error)));
    }

    private void refuseParse(String name, String sql, Refusal refusal) {
        Prepared refused = new Prepared(sql, null, null, refusal);
        s.statements.put(name, refused);
        write(PgWire.parse(s.upstream.alloc(), name, Refusal.DENIED_TEXT));
        s.pending.add(new Pending(Kind.PARSE, refused, null, null, null, refusal));
    }

    private void bind(PgFrame frame) {
        Messages.Bind bind = Messages.bind(frame.body());
        Prepared statement = s.statements.get(bind.statement());
        if (statement == null || statement.refusal != null) {
            refuseBind(bind.portal(), statement == null ? new Refusal("26000", "prepared statement \""
                    + bind.statement() + "\" does not exist") : statement.refusal);
            return;
        }
        if (statement.decision == null) {
            bound(frame, bind, statement, null);
            return;
        }
        if (statement.approvalUsed) {
            // An approval covers one run: a second Bind of the approved statement is another run.
            hold(frame, judge.runAgain(statement, bind.textParameters())
                            .map(run -> run.refusal() != null
                                    ? () -> refuseBind(bind.portal(), run.refusal())
                                    : () -> {
                                        statement.approvalId = run.execution().approvalId;
                                        bound(frame, bind, statement, run.execution());
                                    }),
                    error -> () -> refuseBind(bind.portal(), judge.unavailable(error)));
            return;
        }
        hold(frame, judge.request(statement.sql, bind.textParameters(), statement.decision, statement.approvalId)
                        .map(execution -> () -> bound(frame, bind, statement, execution)),
                error -> () -> refuseBind(bind.portal(), judge.unavailable(error)));
    }

    private void bound(PgFrame frame, Messages.Bind bind, Prepared statement, Execution execution) {
        statement.approvalUsed = statement.approvalId != null;
        Portal portal = new Portal(statement, bind.resultFormats(), execution);
        s.portals.put(bind.portal(), portal);
        forward(frame);
        s.pending.add(new Pending(Kind.BIND, statement, portal, execution, null, null));
    }

    private void refuseBind(String portal, Refusal refusal) {
        s.portals.remove(portal);
        write(PgWire.failingBind(s.upstream.alloc(), portal));
        s.pending.add(new Pending(Kind.BIND, null, null, null, null, refusal));
    }

    /**
     * Runs a portal this session bound. Any other portal (a cursor opened with SQL DECLARE, say) was never
     * decided with a masking plan for its rows, so its Execute is refused rather than passed through.
     */
    private void execute(PgFrame frame) {
        Portal portal = s.portals.get(PgWire.readCString(frame.body().duplicate()));
        if (portal == null) {
            write(PgWire.execute(s.upstream.alloc(), Refusal.MISSING_NAME));
            s.pending.add(new Pending(Kind.EXECUTE, null, null, null, null,
                    new Refusal("42501", "only portals bound through Gatehouse can be executed")));
            return;
        }
        forward(frame);
        s.pending.add(new Pending(Kind.EXECUTE, portal.statement, portal, portal.execution, portal.statement.plan, null));
    }

    private void describe(PgFrame frame) {
        Messages.Target target = Messages.target(frame.body());
        forward(frame);
        if (target.kind() == 'S') {
            s.pending.add(new Pending(Kind.DESCRIBE_STATEMENT, s.statements.get(target.name()), null, null, null, null));
        } else {
            s.pending.add(new Pending(Kind.DESCRIBE_PORTAL, null, s.portals.get(target.name()), null, null, null));
        }
    }

    private void close(PgFrame frame) {
        Messages.Target target = Messages.target(frame.body());
        if (target.kind() == 'S') {
            s.statements.remove(target.name());
        } else {
            s.portals.remove(target.name());
        }
        forward(frame);
        s.pending.add(Pending.of(Kind.CLOSE));
    }

    /** Gatehouse's own rule on the text ({@link LexingGuard}) first, then the policy. */
    private Mono<StatementJudge.Verdict> judge(PgFrame frame, String sql) {
        Refusal own = s.guard.refusal(frame, sql);
        return own != null ? judge.refusedByGatehouse(sql, own) : judge.judge(sql);
    }

    /** Holds the queue until {@code step} is done; its action then runs on the event loop. */
    private void hold(PgFrame frame, Mono<Runnable> step, Function<Throwable, Runnable> fallback) {
        busy = true;
        frame.retain();
        s.client.config().setAutoRead(false);
        step.switchIfEmpty(Mono.error(() -> new IllegalStateException("no outcome")))
                .onErrorResume(error -> Mono.just(fallback.apply(error)))
                .subscribe(action -> s.client.eventLoop().execute(() -> {
                    try {
                        if (s.phase == ClientSession.Phase.READY) {
                            action.run();
                        }
                    } finally {
                        frame.release();
                        busy = false;
                        drain();
                    }
                }));
    }

    private void forward(PgFrame frame) {
        s.upstream.write(frame.frame().retain());
    }

    private void write(ByteBuf message) {
        s.upstream.write(message);
    }
}
