package dev.gatehouse.proxy.mysql;

import dev.gatehouse.model.AuditMode;
import dev.gatehouse.model.Decision;
import dev.gatehouse.model.Operation;
import dev.gatehouse.model.Protocol;
import dev.gatehouse.model.Verdict;
import dev.gatehouse.mysqlsql.MyToken;
import dev.gatehouse.mysqlsql.MySqlLexer;
import dev.gatehouse.mysqlsql.MySqlSplitter;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;

import java.util.List;
import java.util.UUID;

/**
 * One COM_STMT_PREPARE: the statement text is known here, so it is decided here, as one statement by
 * MySQL's lexical rules (the pinned settings first, then the gate). A refused prepare is an ERR and a
 * DECISION event, and nothing reaches the database; a statement under review is held until a reviewer
 * decides. An allowed one is sent as the text that was decided, and the database's PREPARE_OK (with its
 * parameter and column definitions) is relayed; the statement is kept by its id for EXECUTE. A prepare
 * is not recorded as a REQUEST: each execute is, with its parameters.
 */
final class StmtPrepare implements UpstreamAnswer {

    private final Commands c;
    private final MySession s;
    private String sql;
    private Decision decision;
    private UUID approvalId;
    private int packetsLeft = -1;

    StmtPrepare(Commands commands) {
        this.c = commands;
        this.s = commands.session;
    }

    void start(MyPacket packet) {
        String text = Utf8.strict(packet.payload(), 1);
        packet.release();
        if (text == null) {
            error(1300, "HY000", "Invalid utf8mb4 character string: Gatehouse reads statements as UTF-8");
            return;
        }
        List<MyToken> tokens = MySqlLexer.tokenize(text).tokens();
        List<MySqlSplitter.Piece> pieces = MySqlSplitter.split(tokens, text);
        if (pieces.isEmpty()) {
            error(1065, "42000", "Query was empty");
            return;
        }
        if (pieces.size() > 1) {
            error(1064, "42000", "You have an error in your SQL syntax: a prepared statement is one statement");
            return;
        }
        MySqlSplitter.Piece piece = pieces.getFirst();
        sql = piece.text();
        String pinned = PinnedSettings.refusal(tokens.subList(piece.from(), piece.to()), text);
        if (pinned != null) {
            refuse(new Decision(Verdict.DENY, PinnedSettings.RULE, pinned, AuditMode.WRITE_AHEAD, null), 1229, "HY000",
                    pinned);
            return;
        }
        MyContext context = s.context;
        s.services.gate.decide(context.identity, new Operation(context.connection, Protocol.MYSQL, null, null, null, sql, null))
                .subscribe(d -> onLoop(() -> decided(d)), e -> onLoop(() -> error(1105, "HY000",
                        "Gatehouse cannot prepare the statement now: " + Unavailable.reason(e))));
    }

    private void decided(Decision decided) {
        decision = decided;
        switch (decided.verdict()) {
            case ALLOW -> prepare(null);
            case DENY -> refuse(decided, 1142, "42000", "statement denied by Gatehouse policy rule " + decided.ruleId());
            case REVIEW -> new MyReview(s).hold(sql, decided, outcome -> onLoop(() -> {
                if (outcome.refusal() == null) {
                    prepare(outcome.approvalId());
                } else {
                    refuse(decided, 1142, "42000", outcome.refusal());
                }
            }));
        }
    }

    private void prepare(UUID approval) {
        approvalId = approval;
        c.command(PreparedStatements.COM_STMT_PREPARE, sql, this);
    }

    /** The database's answer: ERR, or PREPARE_OK followed by parameter and column definitions (each list with an EOF). */
    @Override
    public void packet(MyPacket packet) {
        if (packetsLeft < 0) {
            if (packet.isError()) {
                c.toClient(packet);
                c.done();
                return;
            }
            var in = packet.payload().duplicate().skipBytes(1);
            long id = in.readUnsignedIntLE();
            int columns = in.readUnsignedShortLE();
            int parameters = in.readUnsignedShortLE();
            packetsLeft = (parameters > 0 ? parameters + 1 : 0) + (columns > 0 ? columns + 1 : 0);
            c.prepared.prepared(new MyStatement(id, sql, decision, s.services.masking.plan(decision.masking()),
                    parameters, approvalId));
        } else {
            packetsLeft--;
        }
        c.toClient(packet);
        if (packetsLeft == 0) {
            c.done();
        }
    }

    private void refuse(Decision refused, int code, String sqlState, String message) {
        s.context.statements++;
        s.services.gate.recordStop(s.services.events.refused(s.context, sql, refused))
                .subscribe(null, e -> onLoop(() -> error(code, sqlState, message)),
                        () -> onLoop(() -> error(code, sqlState, message)));
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
