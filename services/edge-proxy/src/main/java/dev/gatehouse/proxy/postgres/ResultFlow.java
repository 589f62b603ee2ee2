package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Map;

/**
 * What the database answers, attributed in order to the pending messages: row counts and SQLSTATEs go to
 * the statement's RESPONSE event, DataRow values are masked per the statement's decision, and the error
 * PostgreSQL raises for a refused statement's stand-in becomes the refusal. After an error in the
 * extended protocol PostgreSQL skips to Sync, and so does the attribution.
 */
final class ResultFlow {


    private final ClientSession s;
    private final ResultMasking masking;
    private final TextWithholding texts;

    ResultFlow(ClientSession session) {
        this.s = session;
        this.masking = new ResultMasking(session);
        this.texts = new TextWithholding(session);
    }

    /** Takes ownership of {@code frame}. */
    void onBackend(PgFrame frame) {
        Pending head = s.pending.peek();
        try {
            switch (frame.type()) {
                case '1', '2', '3' -> {
                    pop(head);
                    pass(frame);
                }
                case 'T' -> rowDescription(head, frame);
                case 'n' -> {
                    if (head != null && (head.kind == Kind.DESCRIBE_STATEMENT || head.kind == Kind.DESCRIBE_PORTAL)) {
                        s.pending.poll();
                    }
                    pass(frame);
                }
                case 'D' -> masking.dataRow(head, frame);
                case 'H' -> masking.copyOut(head, frame);
                case 'd' -> masking.copyData(head, frame);
                case 'c' -> {
                    if (head == null || head.resultRefusal == null) {
                        pass(frame);
                    }
                }
                case 'C', 'I', 's' -> resultEnd(head, frame);
                case 'E' -> error(head, frame);
                case 'N' -> texts.response(head, frame);
                case 'A' -> texts.notification(head, frame);
                case 'S' -> {
                    // a changed lexing setting ends the session first; otherwise withholding may apply
                    if (s.guard.reported(frame)) {
                        texts.parameterStatus(head, frame);
                    }
                }
                case 'Z' -> readyForQuery(head, frame);
                default -> pass(frame);
            }
        } finally {
            frame.release();
        }
    }

    private void pop(Pending head) {
        if (head != null) {
            s.pending.poll();
        }
    }

    private void rowDescription(Pending head, PgFrame frame) {
        if (head != null) {
            List<Messages.Column> columns = Messages.rowDescription(frame.body());
            switch (head.kind) {
                case QUERY -> masking.startResult(head, columns);
                case DESCRIBE_STATEMENT -> {
                    if (head.statement != null) {
                        head.statement.description = columns;
                    }
                    s.pending.poll();
                }
                case DESCRIBE_PORTAL -> {
                    if (head.portal != null) {
                        head.portal.description = columns;
                        if (head.portal.statement != null) {
                            head.portal.statement.description = columns; // later Binds skip the Describe
                        }
                    }
                    s.pending.poll();
                }
                default -> {
                }
            }
        }
        pass(frame);
    }

    private void resultEnd(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE)) {
            pass(frame);
            return;
        }
        texts.ended(head);
        Execution execution = head.execution;
        if (head.masker != null && execution != null) {
            execution.masked.addAll(head.masker.counts());
            s.services.masking.record(head.masker.counts());
        }
        if (head.resultRefusal != null) {
            if (execution != null) {
                execution.sqlState = head.resultRefusal.sqlState();
            }
            s.client.write(refusal(head.resultRefusal));
        } else {
            if (execution != null && frame.type() == 'C') {
                execution.rows += Messages.rows(frame.body());
            }
            pass(frame);
        }
        head.resultKnown = false;
        head.masker = null;
        head.resultRefusal = null;
        if (head.kind == Kind.EXECUTE) {
            s.pending.poll();
            if (frame.type() != 's') {
                finish(execution);
            }
        }
    }

    private void error(Pending head, PgFrame frame) {
        if (head == null) {
            pass(frame);
            return;
        }
        Map<Character, String> fields = Messages.fields(frame.body());
        Execution execution = head.execution;
        if (head.refusal != null) {
            s.client.write(refusal(head.refusal));
        } else {
            texts.ended(head);
            texts.response(head, frame); // its text may quote a masked value
        }
        if (execution != null) {
            execution.sqlState = head.refusal != null ? head.refusal.sqlState() : fields.get('C');
        }
        if (head.kind == Kind.QUERY || head.kind == Kind.SYNC) {
            return; // ReadyForQuery ends both
        }
        s.pending.poll();
        finish(execution);
        // PostgreSQL now discards everything up to the Sync: so does the attribution.
        while (!s.pending.isEmpty() && s.pending.peek().kind != Kind.SYNC) {
            Pending skipped = s.pending.poll();
            if (skipped.execution != null && !skipped.execution.finished && skipped.kind == Kind.EXECUTE) {
                skipped.execution.skipped = true;
                finish(skipped.execution);
            }
        }
    }

    private void readyForQuery(Pending head, PgFrame frame) {
        while (head != null && head.kind != Kind.QUERY && head.kind != Kind.SYNC) {
            s.pending.poll(); // answers that never came (they cannot, once ReadyForQuery is here)
            head = s.pending.peek();
        }
        if (head != null) {
            s.pending.poll();
            finish(head.execution);
        }
        pass(frame);
    }

    private void finish(Execution execution) {
        if (execution == null || execution.finished) {
            return;
        }
        execution.finished = true;
        s.services.gate.recordAfter(s.services.events.response(s.context, execution));
    }

    private ByteBuf refusal(Refusal refusal) {
        return PgWire.error(s.client.alloc(), "ERROR", refusal.sqlState(), refusal.message());
    }

    void pass(PgFrame frame) {
        s.client.write(frame.frame().retain());
    }
}
