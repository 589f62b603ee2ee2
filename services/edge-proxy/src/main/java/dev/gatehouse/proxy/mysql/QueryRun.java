package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.mysqlsql.MyToken;
import dev.gatehouse.mysqlsql.MySqlLexer;
import dev.gatehouse.mysqlsql.MySqlSplitter;
import dev.gatehouse.proxy.mysql.wire.Capabilities;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;

import java.util.List;
import java.util.UUID;

/**
 * One {@code COM_QUERY}: the text read as UTF-8 (as the utf8mb4 session reads it), cut into statements by
 * MySQL's lexical rules, and each statement decided and sent to the database on its own, in order, as a
 * COM_QUERY of its own: the database never sees two statements in one packet (the upstream session has
 * no CLIENT_MULTI_STATEMENTS), so a {@code ;} the proxy missed is a syntax error, not a second statement.
 * The client sees one answer per statement, chained by MORE_RESULTS_EXISTS; the first refused or failed
 * statement ends the chain, as MySQL stops a multi-statement at its first error.
 */
final class QueryRun {

    private final Commands c;
    private final MySession s;
    private List<MySqlSplitter.Piece> pieces;
    private List<MyToken> tokens;
    private String text;
    private int index;

    QueryRun(Commands commands) {
        this.c = commands;
        this.s = commands.session;
    }

    void start(MyPacket packet) {
        String sql = Utf8.strict(packet.payload(), 1);
        packet.release();
        if (sql == null) {
            error(1300, "HY000", "Invalid utf8mb4 character string: Gatehouse reads statements as UTF-8");
            return;
        }
        text = sql;
        tokens = MySqlLexer.tokenize(sql).tokens();
        pieces = MySqlSplitter.split(tokens, sql);
        if (pieces.isEmpty()) {
            error(1065, "42000", "Query was empty");
        } else if (pieces.size() > 1 && (s.clientCapabilities & Capabilities.MULTI_STATEMENTS) == 0) {
            error(1064, "42000", "You have an error in your SQL syntax: more than one statement, and the client "
                    + "did not enable multi-statements");
        } else {
            next();
        }
    }

    /** COM_INIT_DB: switching the database is decided as the {@code USE} statement it is, and run as one. */
    void initDb(MyPacket packet) {
        String database = Utf8.strict(packet.payload(), 1);
        packet.release();
        if (database == null || database.isEmpty()) {
            error(1046, "3D000", "No database selected");
            return;
        }
        String sql = "USE `" + database.replace("`", "``") + "`";
        text = sql;
        tokens = MySqlLexer.tokenize(sql).tokens();
        pieces = MySqlSplitter.split(tokens, sql);
        next();
    }

    private void next() {
        MySqlSplitter.Piece piece = pieces.get(index);
        String sql = piece.text();
        String pinned = PinnedSettings.refusal(tokens.subList(piece.from(), piece.to()), text);
        if (pinned != null) {
            refuse(sql, new Decision(Verdict.DENY, PinnedSettings.RULE, pinned, AuditMode.WRITE_AHEAD, null), 1229,
                    "HY000", pinned);
            return;
        }
        MyContext context = s.context;
        s.services.gate.decide(context.identity, new Operation(context.connection, Protocol.MYSQL, null, null, null, sql, null))
                .subscribe(decision -> onLoop(() -> decided(sql, decision)), error -> onLoop(() -> unavailable(error)));
    }

    private void decided(String sql, Decision decision) {
        switch (decision.verdict()) {
            case ALLOW -> run(sql, decision, null);
            case DENY -> refuse(sql, decision, 1142, "42000", "statement denied by Gatehouse policy rule "
                    + decision.ruleId());
            case REVIEW -> new MyReview(s).hold(sql, decision, outcome -> onLoop(() -> {
                if (outcome.refusal() == null) {
                    run(sql, decision, outcome.approvalId());
                } else {
                    refuse(sql, decision, 1142, "42000", outcome.refusal());
                }
            }));
        }
    }

    private void run(String sql, Decision decision, UUID approvalId) {
        MyRun run = new MyRun(sql, decision, approvalId, s.services.masking.plan(decision.masking()));
        s.context.statements++;
        var request = s.services.events.request(s.context, run);
        var recorded = approvalId == null ? s.services.gate.recordRequest(request, decision, s.client.eventLoop())
                : s.services.gate.runApproved(request, approvalId,
                dev.gatehouse.proxy.approval.ApprovalFingerprint.sql(s.context.connection, sql), s.context.identity,
                s.context.audit);
        recorded.subscribe(null, error -> onLoop(() -> unavailable(error)), () -> onLoop(() -> send(run)));
    }

    private void send(MyRun run) {
        boolean more = index < pieces.size() - 1;
        c.query(run.sql, new ResultReader(c, run, false, more, failed -> {
            s.services.gate.recordAfter(s.services.events.response(s.context, run));
            if (!failed && ++index < pieces.size()) {
                next();
            } else {
                c.done();
            }
        }));
    }

    private void refuse(String sql, Decision decision, int code, String sqlState, String message) {
        s.context.statements++;
        s.services.gate.recordStop(s.services.events.refused(s.context, sql, decision))
                .subscribe(null, error -> onLoop(() -> error(code, sqlState, message)),
                        () -> onLoop(() -> error(code, sqlState, message)));
    }

    private void unavailable(Throwable error) {
        error(1105, "HY000", "Gatehouse cannot run the statement now: " + Unavailable.reason(error));
    }

    private void error(int code, String sqlState, String message) {
        s.client.write(MyWire.error(s.client.alloc(), c.nextSequence(), code, sqlState, message));
        c.done();
    }

    private void onLoop(Runnable action) {
        s.client.eventLoop().execute(() -> {
            if (s.phase == MySession.Phase.READY) {
                action.run();
            }
        });
    }
}
