package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import dev.gatehouse.proxy.postgres.wire.SqlState;
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

    private final ClientChannel client;
    private final SessionLineage lineage;

    TextWithholding(ClientChannel client, SessionLineage lineage) {
        this.client = client;
        this.lineage = lineage;
    }

    /** An ErrorResponse or NoticeResponse for the client. */
    void response(Pending head, PgFrame frame) {
        if (!lineage.withholdsText(head)) {
            client.pass(frame);
            return;
        }
        Map<Character, String> fields = Messages.fields(frame.body());
        BackendMessage type = frame.backend();
        boolean error = type == BackendMessage.ERROR_RESPONSE;
        String severity = fields.getOrDefault('V', fields.getOrDefault('S', error ? "ERROR" : "NOTICE"));
        String sqlState = fields.getOrDefault('C', error ? SqlState.INTERNAL_ERROR : SqlState.SUCCESSFUL_COMPLETION);
        client.send(PgWire.response(client.alloc(), type, severity, sqlState, error ? ERROR_TEXT : NOTICE_TEXT));
    }

    /** NotificationResponse: process id, channel, payload; the payload is replaced. */
    void notification(Pending head, PgFrame frame) {
        if (!lineage.withholdsText(head)) {
            client.pass(frame);
            return;
        }
        ByteBuf body = frame.body().duplicate();
        PgWire.need(body, 4);
        int processId = body.readInt();
        String channel = PgWire.readCString(body);
        ByteBuf out = client.alloc().buffer(64).writeByte(BackendMessage.NOTIFICATION_RESPONSE.type).writeInt(0).writeInt(processId);
        PgWire.cstring(out, channel);
        PgWire.cstring(out, PAYLOAD_TEXT);
        out.setInt(1, out.writerIndex() - 1);
        client.send(out);
    }

    /** ParameterStatus: {@code application_name} is free text a statement may have set from a column. */
    void parameterStatus(Pending head, PgFrame frame) {
        if (lineage.withholdsText(head) && "application_name".equals(PgWire.readCString(frame.body().duplicate()))) {
            return; // the client keeps the name it had
        }
        client.pass(frame);
    }

    /** A statement's result or error ended: its reading is taken now if no result asked (DECLARE, CREATE AS). */
    void ended(Pending head) {
        if (head != null) {
            lineage.ended(head);
        }
    }
}
