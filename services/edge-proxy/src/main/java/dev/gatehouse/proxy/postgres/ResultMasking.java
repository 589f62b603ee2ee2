package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.masking.Masking;
import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.postgres.Pending.Kind;
import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.SqlState;
import io.netty.buffer.ByteBuf;

import java.util.List;
import java.util.Set;

/**
 * Masks what a result carries back per the statement's decision: DataRow values (columns from
 * RowDescription or a Describe, masked whole by name or by lineage ({@link SessionLineage}), detectors on
 * every text value) and COPY TO STDOUT rows. What cannot be
 * masked (a binary value that may hold text, a result never described, a binary or column-masked COPY)
 * is dropped and its end replaced by an error: refusing beats leaking.
 */
final class ResultMasking {

    /** Types whose binary form is a number, date or id: nothing a detector could find in them. */
    private static final Set<Integer> PLAIN_BINARY_TYPES = Set.of(16, 20, 21, 23, 26, 27, 28, 700, 701, 790, 1082,
            1083, 1114, 1184, 1186, 1266, 1700, 2950);

    private final ClientChannel client;
    private final Masking masking;
    private final SessionLineage lineage;

    ResultMasking(ClientChannel client, Masking masking, SessionLineage lineage) {
        this.client = client;
        this.masking = masking;
        this.lineage = lineage;
    }

    void startResult(Pending head, List<Messages.Column> columns) {
        head.resultKnown = true;
        head.masker = null;
        head.resultRefusal = null;
        MaskingPlan plan = head.plan;
        if (plan == null || !plan.masksAnything()) {
            return;
        }
        if (columns == null) {
            head.resultRefusal = new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "result refused by Gatehouse: its columns were never described, "
                    + "so it cannot be masked");
            return;
        }
        List<String> names = columns.stream().map(Messages.Column::name).toList();
        RowMasker masker = masking.rows(names, lineage.maskWhole(head, columns), plan);
        boolean[] binary = new boolean[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Messages.Column column = columns.get(c);
            head.maskedFields |= masker.masksWhole(c);
            if (column.format() != 0) {
                if (masker.masksWhole(c) || !PLAIN_BINARY_TYPES.contains(column.typeOid())) {
                    head.resultRefusal = new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "result refused by Gatehouse: column \"" + column.name()
                            + "\" would be sent in binary format and must be masked; request text format");
                    return;
                }
                binary[c] = true;
            }
        }
        head.masker = masker;
        head.binary = binary;
    }

    void dataRow(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE)) {
            client.pass(frame);
            return;
        }
        if (!head.resultKnown) {
            startResult(head, head.portal == null ? null : head.portal.columns());
        }
        if (head.resultRefusal != null) {
            return; // dropped: the result ends in an error instead
        }
        if (head.masker == null) {
            client.pass(frame);
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
            client.send(Messages.dataRow(client.alloc(), values));
        } else {
            client.pass(frame);
        }
    }

    /**
     * COPY TO STDOUT under a masking plan: text rows go through the detectors line by line; a plan that
     * names columns (COPY does not say which value is which) or a binary COPY refuses the result.
     */
    void copyOut(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE)) {
            client.pass(frame);
            return;
        }
        head.resultKnown = true;
        head.masker = null;
        head.resultRefusal = null;
        MaskingPlan plan = head.plan;
        if (plan == null || !plan.masksAnything()) {
            client.pass(frame);
            return;
        }
        ByteBuf body = frame.body();
        boolean binary = body.isReadable() && body.getByte(body.readerIndex()) != 0;
        if (binary || !plan.directives().columns().isEmpty()) {
            head.resultRefusal = new Refusal(SqlState.INSUFFICIENT_PRIVILEGE, "COPY refused by Gatehouse: its output must be masked "
                    + (binary ? "and binary COPY cannot be" : "by column, which COPY output cannot be"));
            return;
        }
        head.masker = masking.rows(List.of(""), plan);
        head.binary = new boolean[1];
        client.pass(frame);
    }

    void copyData(Pending head, PgFrame frame) {
        if (head == null || (head.kind != Kind.QUERY && head.kind != Kind.EXECUTE) || !head.resultKnown) {
            client.pass(frame);
            return;
        }
        if (head.resultRefusal != null) {
            return;
        }
        if (head.masker == null) {
            client.pass(frame);
            return;
        }
        ByteBuf body = frame.body();
        byte[] line = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), line);
        byte[] masked = head.masker.mask(0, line);
        if (masked == line) {
            client.pass(frame);
        } else {
            client.send(client.alloc().buffer(masked.length + 5).writeByte(BackendMessage.COPY_DATA.type).writeInt(masked.length + 4)
                    .writeBytes(masked));
        }
    }

    /** A result ended: what its masker masked counts for the statement's RESPONSE and the metrics. */
    void ended(Pending head, Execution execution) {
        if (head.masker != null && execution != null) {
            execution.masked.addAll(head.masker.counts());
            masking.record(head.masker.counts());
        }
    }
}
