package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the database answers, attributed in order to the pending messages: row counts and SQLSTATEs go to
 * the statement's RESPONSE event, DataRow values are masked per the statement's decision, and the error
 * PostgreSQL raises for a refused statement's stand-in becomes the refusal. After an error in the
 * extended protocol PostgreSQL skips to Sync, and so does the attribution.
 */
final class ResultFlow {

    /** Types whose binary form is a number, date or id: nothing a detector could find in them. */
    private static final Set<Integer> PLAIN_BINARY_TYPES = Set.of(16, 20, 21, 23, 26, 27, 28, 700, 701, 790, 1082,
            1083, 1114, 1184, 1186, 1266, 1700, 2950);

    private final ClientSession s;

    ResultFlow(ClientSession session) {
        this.s = session;
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
                case 'D' -> dataRow(head, frame);
                case 'C', 'I', 's' -> resultEnd(head, frame);
                case 'E' -> error(head, frame);
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
                case QUERY -> startResult(head, columns);
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

    private void startResult(Pending head, List<Messages.Column> columns) {
        head.resultKnown = true;
        head.masker = null;
        head.resultRefusal = null;
        MaskingPlan plan = head.plan;
        if (plan == null || !plan.masksAnything()) {
            return;
        }
        if (columns == null) {
            head.resultRefusal = new Refusal("42501", "result refused by Gatehouse: its columns were never described, "
                    + "so it cannot be masked");
            return;
        }
        List<String> names = columns.stream().map(Messages.Column::name).toList();
        RowMasker masker = s.services.masking.rows(names, plan);
        RowMasker probe = s.services.masking.rows(names, plan);
        boolean[] binary = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Messages.Column column = columns.get(c);
            if (column.format() != 0) {
                byte[] sample = {'0'};
                boolean wholeColumn = probe.mask(c, sample) != sample;
                if (wholeColumn || !PLAIN_BINARY_TYPES.contains(column.typeOid())) {
                    head.resultRefusal = new Refusal("42501", "result refused by Gatehouse: column \"" + column.name()
                            + "\" would be sent in binary format and must be masked; request text format");
                    return;
                }
                binary[c] = true;
            }
        }
        head.masker = masker;
        head.binary = binary;
    }

    private void dataRow(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE)) {
            pass(frame);
            return;
        }
        if (!head.resultKnown) {
            startResult(head, head.portal == null ? null : head.portal.columns());
        }
        if (head.resultRefusal != null) {
            return; // dropped: the result ends in an error instead
        }
        if (head.masker == null) {
            pass(frame);
            return;
        }
        byte[][] values = Messages.dataRow(frame.body());
        boolean changed = false;
        for (int c = 0; c < values.length && c < head.binary.length; c++) {
            if (!head.binary[c]) {
                byte[] masked = head.masker.mask(c, values[c]);
                changed |= masked != values[c];
                values[c] = masked;
            }
        }
        if (changed) {
            s.client.write(Messages.dataRow(s.client.alloc(), values));
        } else {
            pass(frame);
        }
    }

    private void resultEnd(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE)) {
            pass(frame);
            return;
        }
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
            pass(frame);
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
        s.services.audit.publishAsync(s.services.events.response(s.context, execution));
    }

    private ByteBuf refusal(Refusal refusal) {
        return PgWire.error(s.client.alloc(), "ERROR", refusal.sqlState(), refusal.message());
    }

    private void pass(PgFrame frame) {
        s.client.write(frame.frame().retain());
    }
}
