package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import reactor.core.publisher.Mono;

import java.util.List;

/**
 * The extended protocol's messages for {@link StatementFlow}: a Parse is decided once for its text, each
 * Bind of an allowed statement is one run (its REQUEST recorded write-ahead, an approval used again
 * consumed again), an Execute runs only a portal bound here. A refused Parse or Bind goes upstream as a
 * message PostgreSQL fails, so the pipeline skips to Sync exactly as it would for the database's own error.
 */
final class ExtendedFlow {

    private final StatementFlow flow;
    private final UpstreamChannel upstream;
    private final ResponseQueue pending;
    private final SessionStatements statements;
    private final Decisions decisions;

    ExtendedFlow(StatementFlow flow, UpstreamChannel upstream, ResponseQueue pending, SessionStatements statements,
                 Decisions decisions) {
        this.flow = flow;
        this.upstream = upstream;
        this.pending = pending;
        this.statements = statements;
        this.decisions = decisions;
    }

    void parse(PgFrame frame) {
        Messages.Parse parse = Messages.parse(frame.body());
        String name = parse.name();
        if (statements.named(name)) {
            upstream.forward(frame); // PostgreSQL refuses the duplicate name itself; the statement stays as decided
            pending.add(Pending.of(Kind.PARSE));
            return;
        }
        if (statements.full()) {
            refuseParse(name, parse.sql(), new Refusal(SqlState.PROGRAM_LIMIT_EXCEEDED,
                    "too many prepared statements in this session"));
            return;
        }
        if (parse.sql().isBlank()) {
            statements.prepared(name, new Prepared(parse.sql(), null, null, null));
            upstream.forward(frame);
            pending.add(Pending.of(Kind.PARSE));
            return;
        }
        flow.hold(frame, flow.judge(frame, parse.sql()).map(verdict -> () -> {
            if (verdict.refusal() != null) {
                refuseParse(name, parse.sql(), verdict.refusal());
                return;
            }
            Prepared prepared = new Prepared(parse.sql(), verdict.decision(), verdict.plan(), null);
            prepared.approvalId = verdict.approvalId();
            statements.prepared(name, prepared);
            upstream.forward(frame);
            pending.add(new Pending(Kind.PARSE, prepared, null, null, null, null));
        }), error -> () -> refuseParse(name, parse.sql(), decisions.unavailable(error)));
    }

    private void refuseParse(String name, String sql, Refusal refusal) {
        Prepared refused = new Prepared(sql, null, null, refusal);
        statements.prepared(name, refused);
        upstream.send(PgWire.parse(upstream.alloc(), name, Refusal.DENIED_TEXT));
        pending.add(new Pending(Kind.PARSE, refused, null, null, null, refusal));
    }

    void bind(PgFrame frame) {
        Messages.Bind bind = Messages.bind(frame.body());
        Prepared statement = statements.statement(bind.statement());
        if (statement == null || statement.refusal != null) {
            refuseBind(bind.portal(), statement == null ? new Refusal(SqlState.INVALID_SQL_STATEMENT_NAME,
                    "prepared statement \"" + bind.statement() + "\" does not exist") : statement.refusal);
            return;
        }
        if (statement.decision == null) {
            bound(frame, bind, statement, null);
            return;
        }
        List<String> parameters = bind.textParameters();
        Execution now;
        try {
            now = statement.approvalUsed ? null
                    : decisions.folded(statement.sql, parameters, statement.decision, statement.approvalId);
        } catch (RuntimeException e) {
            refuseBind(bind.portal(), decisions.unavailable(e)); // its audit copy could not be made: not run
            return;
        }
        if (now != null) {
            bound(frame, bind, statement, now); // recorded after the fact: nothing to wait for
            return;
        }
        if (statement.approvalUsed) {
            // An approval covers one run: a second Bind of the approved statement is another run.
            flow.hold(frame, decisions.runAgain(statement, parameters)
                            .map(run -> run.refusal() != null
                                    ? () -> refuseBind(bind.portal(), run.refusal())
                                    : () -> {
                                        statement.approvalId = run.execution().approvalId;
                                        bound(frame, bind, statement, run.execution());
                                    }),
                    error -> () -> refuseBind(bind.portal(), decisions.unavailable(error)));
            return;
        }
        flow.hold(frame, decisions.request(statement.sql, parameters, statement.decision, statement.approvalId)
                        .map(execution -> () -> bound(frame, bind, statement, execution)),
                error -> () -> refuseBind(bind.portal(), decisions.unavailable(error)));
    }

    private void bound(PgFrame frame, Messages.Bind bind, Prepared statement, Execution execution) {
        statement.approvalUsed = statement.approvalId != null;
        Portal portal = new Portal(statement, bind.resultFormats(), execution);
        statements.bound(bind.portal(), portal);
        upstream.forward(frame);
        pending.add(new Pending(Kind.BIND, statement, portal, execution, null, null));
    }

    private void refuseBind(String portal, Refusal refusal) {
        statements.portalGone(portal);
        upstream.send(PgWire.failingBind(upstream.alloc(), portal));
        pending.add(new Pending(Kind.BIND, null, null, null, null, refusal));
    }

    /**
     * Runs a portal this session bound. Any other portal (a cursor opened with SQL DECLARE, say) was never
     * decided with a masking plan for its rows, so its Execute is refused rather than passed through.
     */
    void execute(PgFrame frame) {
        Portal portal = statements.portal(PgWire.readCString(frame.body().duplicate()));
        if (portal == null) {
            upstream.send(PgWire.execute(upstream.alloc(), Refusal.MISSING_NAME));
            pending.add(new Pending(Kind.EXECUTE, null, null, null, null,
                    new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "only portals bound through Gatehouse can be executed")));
            return;
        }
        if (portal.execution != null) {
            portal.execution.sent = true;
        }
        upstream.forward(frame);
        pending.add(new Pending(Kind.EXECUTE, portal.statement, portal, portal.execution, portal.statement.plan, null));
    }

    /** The runs of the session's portals (a suspended portal's run is in no pending answer). */
    void unfinished(java.util.function.Consumer<Execution> each) {
        statements.portals().forEach(portal -> each.accept(portal.execution));
    }

    void describe(PgFrame frame) {
        Messages.Target target = Messages.target(frame.body());
        upstream.forward(frame);
        if (target.kind() == 'S') {
            pending.add(new Pending(Kind.DESCRIBE_STATEMENT, statements.statement(target.name()), null, null, null, null));
        } else {
            pending.add(new Pending(Kind.DESCRIBE_PORTAL, null, statements.portal(target.name()), null, null, null));
        }
    }

    void close(PgFrame frame) {
        Messages.Target target = Messages.target(frame.body());
        statements.closed(target.kind(), target.name());
        upstream.forward(frame);
        pending.add(Pending.of(Kind.CLOSE));
    }
}
