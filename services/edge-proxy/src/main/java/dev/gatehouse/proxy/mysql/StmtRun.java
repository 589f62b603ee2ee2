package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.approval.ApprovalFingerprint;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import dev.gatehouse.proxy.mysql.wire.StmtExecute;

import java.util.List;
import java.util.UUID;

/**
 * One COM_STMT_EXECUTE (or COM_STMT_FETCH) of a statement the proxy let the database prepare. The
 * execute's parameters are read for the audit trail, the REQUEST (statement and parameters, masked) is
 * recorded write-ahead, and only then is the packet relayed; the binary rows that come back are masked
 * ({@link BinaryRows}). A packet whose parameters cannot be read is refused, not relayed unrecorded.
 * The approval a reviewed prepare got covers the first execute; each later execute is held for review
 * again. A fetch reads the rows of the cursor the last execute opened, masked with its columns.
 */
final class StmtRun {

    private final Commands c;
    private final MySession s;

    StmtRun(Commands commands) {
        this.c = commands;
        this.s = commands.session;
    }

    void execute(MyPacket packet, MyStatement statement) {
        StmtExecute execute;
        try {
            execute = StmtExecute.read(packet.payload(), statement.parameterCount, statement.types, statement.longData);
        } catch (RuntimeException malformed) {
            c.reply(packet, MyWire.error(s.client.alloc(), c.nextSequence(), 1210, "HY000",
                    "Incorrect arguments to mysqld_stmt_execute"));
            return;
        }
        statement.types = execute.types();
        statement.longData.clear();
        statement.cursor = null; // a new execute closes the statement's cursor on the server too
        StmtExecute.setStatementId(packet.payload(), statement.id);
        List<String> parameters = execute.parameters();
        if (statement.approvalId == null) {
            record(packet, statement, parameters, null);
        } else if (!statement.approvalUsed) {
            statement.approvalUsed = true;
            record(packet, statement, parameters, statement.approvalId);
        } else {
            new MyReview(s).hold(statement.sql, statement.decision, outcome -> onLoop(packet, () -> {
                if (outcome.refusal() == null) {
                    record(packet, statement, parameters, outcome.approvalId());
                } else {
                    c.reply(packet, MyWire.error(s.client.alloc(), c.nextSequence(), 1142, "42000", outcome.refusal()));
                }
            }));
        }
    }

    private void record(MyPacket packet, MyStatement statement, List<String> parameters, UUID approvalId) {
        MyRun run = new MyRun(statement.sql, statement.decision, approvalId, statement.plan);
        run.parameters = parameters;
        s.context.statements++;
        var request = s.services.events.request(s.context, run);
        var recorded = approvalId == null ? s.services.gate.recordRequest(request, run.decision, s.client.eventLoop())
                : s.services.gate.runApproved(request, approvalId,
                ApprovalFingerprint.sql(s.context.connection, run.sql), s.context.identity, s.context.audit);
        recorded.subscribe(null,
                error -> onLoop(packet, () -> c.reply(packet, MyWire.error(s.client.alloc(), c.nextSequence(), 1105,
                        "HY000", "Gatehouse cannot run the statement now: " + Unavailable.reason(error)))),
                () -> onLoop(packet, () -> c.send(packet, new ResultReader(c, run, true, false, failed -> responded(run))
                        .onCursor(columns -> statement.cursor = columns))));
    }

    void fetch(MyPacket packet, MyStatement statement) {
        StmtExecute.setStatementId(packet.payload(), statement.id);
        MyRun run = new MyRun(statement.sql, statement.decision, null, statement.plan);
        ResultColumns columns = statement.cursor;
        c.send(packet, ResultReader.fetch(c, run, columns, failed -> {
            if (failed) {
                statement.cursor = null;
            }
            responded(run);
        }));
    }

    private void responded(MyRun run) {
        s.services.gate.recordAfter(s.services.events.response(s.context, run));
        c.done();
    }

    /** Runs on the session's loop while it is open; else the held packet is released. */
    private void onLoop(MyPacket packet, Runnable action) {
        s.client.eventLoop().execute(() -> {
            if (s.phase == MySession.Phase.READY) {
                action.run();
            } else {
                packet.release();
            }
        });
    }
}
