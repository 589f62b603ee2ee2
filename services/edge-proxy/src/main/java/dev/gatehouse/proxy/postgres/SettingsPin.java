package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.FrontendMessage;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import dev.gatehouse.proxy.postgres.wire.PgWire;
import io.netty.buffer.ByteBuf;

import java.util.function.Consumer;

/**
 * Sets the {@link PinnedSettings} again inside a client's pipeline, right before statement text that
 * must be read with them but follows an Execute whose effects the server has not reported yet (it does
 * so only at the Sync's ReadyForQuery). The SETs run as statements and a portal of their own (closed
 * again) so the client's unnamed ones are untouched, in the client's implicit transaction, which the
 * client's Execute had opened anyway. Their answers are dropped; an error among them reaches the client
 * as the pipeline's error, and PostgreSQL skips to the Sync as for any other.
 */
final class SettingsPin {

    private static final String[] STATEMENTS = {"SET client_encoding = 'UTF8'", "SET standard_conforming_strings = on"};
    /** ParseComplete, BindComplete and CommandComplete per statement, then a CloseComplete each. */
    private static final int ANSWERS_PER_STATEMENT = 4;

    private long serial;

    /** Writes the statements upstream (the caller flushes) and one pending entry per answer expected. */
    void write(UpstreamChannel upstream, ResponseQueue pending) {
        ByteBuf out = upstream.alloc().buffer(256);
        String[] names = new String[STATEMENTS.length];
        for (int i = 0; i < STATEMENTS.length; i++) {
            String name = "gatehouse pin \u0001" + ++serial; // no client names a statement with a control character
            String sql = STATEMENTS[i];
            names[i] = name;
            message(out, FrontendMessage.PARSE, m -> {
                PgWire.cstring(m, name);
                PgWire.cstring(m, sql);
                m.writeShort(0);
            });
            message(out, FrontendMessage.BIND, m -> {
                PgWire.cstring(m, name);
                PgWire.cstring(m, name);
                m.writeShort(0).writeShort(0).writeShort(0);
            });
            message(out, FrontendMessage.EXECUTE, m -> {
                PgWire.cstring(m, name);
                m.writeInt(0);
            });
        }
        for (String name : names) {
            message(out, FrontendMessage.CLOSE, m -> {
                m.writeByte('S');
                PgWire.cstring(m, name);
            });
        }
        upstream.send(out);
        for (int i = 0; i < STATEMENTS.length * ANSWERS_PER_STATEMENT; i++) {
            pending.add(Pending.of(Pending.Kind.PIN));
        }
    }

    /** Whether this backend message answers a pin; then it is accounted for here and not passed on. */
    static boolean answers(PgFrame frame, ResponseQueue pending) {
        return pending.answersPin(frame.backend()); // an error or a notice is not: the result flow handles it
    }

    private static void message(ByteBuf out, FrontendMessage type, Consumer<ByteBuf> body) {
        int start = out.writerIndex();
        out.writeByte(type.type).writeInt(0);
        body.accept(out);
        out.setInt(start + 1, out.writerIndex() - start - 1);
    }
}
