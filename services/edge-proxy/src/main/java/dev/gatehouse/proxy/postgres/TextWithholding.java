package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;

import java.util.Map;

/**
 * What the database says besides rows can quote a masked value: an error ({@code invalid input syntax
 * for type integer: "ak_live_…"}, {@code Key (api_key)=(…) already exists}), a notice ({@code RAISE}), a
 * notification ({@code pg_notify('c', api_key)}), the {@code application_name} a statement set
 * ({@code set_config('application_name', api_key, false)}). For a statement that mentions a masked
 * column or had masked fields ({@link SessionLineage#withholdsText}) the texts are replaced: an error or
 * notice keeps its severity and SQLSTATE, a notification its channel, and the parameter report is dropped.
 * The audit trail records only the SQLSTATE of an error, so it never held the text.
 */
final class TextWithholding {

    static final String ERROR_TEXT = "Gatehouse withheld this error's text: the statement reads masked column(s)";
    static final String NOTICE_TEXT = "Gatehouse withheld this notice's text: the statement reads masked column(s)";
    static final String PAYLOAD_TEXT = "withheld by Gatehouse: the statement reads masked column(s)";

    private final ClientSession s;

    TextWithholding(ClientSession session) {
        this.s = session;
    }

    /** An ErrorResponse ('E') or NoticeResponse ('N') for the client. */
    void response(Pending head, PgFrame frame) {
        if (!s.lineage.withholdsText(head)) {
            s.results.pass(frame);
            return;
        }
        Map<Character, String> fields = Messages.fields(frame.body());
        String severity = fields.getOrDefault('V', fields.getOrDefault('S', frame.type() == 'E' ? "ERROR" : "NOTICE"));
        String sqlState = fields.getOrDefault('C', frame.type() == 'E' ? "XX000" : "00000");
        s.client.write(PgWire.response(s.client.alloc(), frame.type(), severity, sqlState,
                frame.type() == 'E' ? ERROR_TEXT : NOTICE_TEXT));
    }

    /** NotificationResponse: process id, channel, payload; the payload is replaced. */
    void notification(Pending head, PgFrame frame) {
        if (!s.lineage.withholdsText(head)) {
            s.results.pass(frame);
            return;
        }
        ByteBuf body = frame.body().duplicate();
        PgWire.need(body, 4);
        int processId = body.readInt();
        String channel = PgWire.readCString(body);
        ByteBuf out = s.client.alloc().buffer(64).writeByte('A').writeInt(0).writeInt(processId);
        PgWire.cstring(out, channel);
        PgWire.cstring(out, PAYLOAD_TEXT);
        out.setInt(1, out.writerIndex() - 1);
        s.client.write(out);
    }

    /** ParameterStatus: {@code application_name} is free text a statement may have set from a column. */
    void parameterStatus(Pending head, PgFrame frame) {
        if (s.lineage.withholdsText(head) && "application_name".equals(PgWire.readCString(frame.body().duplicate()))) {
            return; // the client keeps the name it had
        }
        s.results.pass(frame);
    }

    /** A statement's result or error ended: its reading is taken now if no result asked (DECLARE, CREATE AS). */
    void ended(Pending head) {
        if (head != null) {
            s.lineage.ended(head);
        }
    }
}
