package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.BackendMessage;
import dev.gatehouse.proxy.postgres.wire.FrontendMessage;
import dev.gatehouse.proxy.postgres.wire.Messages;
import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Protocol messages for the stage unit tests: built as a client or the database would send them, read back from a channel. */
final class WireFrames {

    /** One message a stage wrote, with its body as text (NULs shown as '|') for readable assertions. */
    record Sent(char type, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8).replace('\0', '|');
        }

        /** ErrorResponse / NoticeResponse fields. */
        Map<Character, String> fields() {
            return Messages.fields(Unpooled.wrappedBuffer(body));
        }

        byte[][] values() {
            return Messages.dataRow(Unpooled.wrappedBuffer(body));
        }
    }

    private WireFrames() {
    }

    static PgFrame query(String sql) {
        return frame(FrontendMessage.QUERY.type, b -> cstring(b, sql));
    }

    static PgFrame parse(String name, String sql) {
        return frame(FrontendMessage.PARSE.type, b -> {
            cstring(b, name);
            cstring(b, sql);
            b.writeShort(0);
        });
    }

    static PgFrame bind(String portal, String statement, short... resultFormats) {
        return frame(FrontendMessage.BIND.type, b -> {
            cstring(b, portal);
            cstring(b, statement);
            b.writeShort(0).writeShort(0).writeShort(resultFormats.length);
            for (short format : resultFormats) {
                b.writeShort(format);
            }
        });
    }

    static PgFrame describePortal(String portal) {
        return frame(FrontendMessage.DESCRIBE.type, b -> {
            b.writeByte('P');
            cstring(b, portal);
        });
    }

    static PgFrame execute(String portal) {
        return frame(FrontendMessage.EXECUTE.type, b -> {
            cstring(b, portal);
            b.writeInt(0);
        });
    }

    static PgFrame sync() {
        return frame(FrontendMessage.SYNC.type, b -> {
        });
    }

    static PgFrame backend(BackendMessage type) {
        return frame(type.type, b -> {
        });
    }

    /** A RowDescription of text columns of type text (oid 25), or of {@code format} each. */
    static PgFrame rowDescription(short format, String... names) {
        return frame(BackendMessage.ROW_DESCRIPTION.type, b -> {
            b.writeShort(names.length);
            for (String name : names) {
                cstring(b, name);
                b.writeInt(0).writeShort(0).writeInt(25).writeShort(-1).writeInt(-1).writeShort(format);
            }
        });
    }

    static PgFrame dataRow(String... values) {
        return frame(BackendMessage.DATA_ROW.type, b -> {
            b.writeShort(values.length);
            for (String value : values) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                b.writeInt(bytes.length).writeBytes(bytes);
            }
        });
    }

    static PgFrame commandComplete(String tag) {
        return frame(BackendMessage.COMMAND_COMPLETE.type, b -> cstring(b, tag));
    }

    static PgFrame readyForQuery() {
        return frame(BackendMessage.READY_FOR_QUERY.type, b -> b.writeByte('I'));
    }

    static PgFrame error(String sqlState, String message) {
        return frame(BackendMessage.ERROR_RESPONSE.type, b -> {
            b.writeByte('S');
            cstring(b, "ERROR");
            b.writeByte('C');
            cstring(b, sqlState);
            b.writeByte('M');
            cstring(b, message);
            b.writeByte(0);
        });
    }

    static PgFrame frame(byte type, Consumer<ByteBuf> body) {
        ByteBuf out = Unpooled.buffer().writeByte(type).writeInt(0);
        body.accept(out);
        out.setInt(1, out.writerIndex() - 1);
        return new PgFrame(type, out, 5);
    }

    /** Everything written to {@code channel} so far, message by message (a write may hold several). */
    static List<Sent> sent(EmbeddedChannel channel) {
        channel.flush();
        List<Sent> messages = new ArrayList<>();
        for (Object out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) out;
            while (buf.isReadable()) {
                char type = (char) buf.readByte();
                byte[] body = new byte[buf.readInt() - 4];
                buf.readBytes(body);
                messages.add(new Sent(type, body));
            }
            buf.release();
        }
        return messages;
    }

    static List<Character> types(List<Sent> messages) {
        return messages.stream().map(Sent::type).toList();
    }

    private static void cstring(ByteBuf out, String value) {
        out.writeCharSequence(value, StandardCharsets.UTF_8);
        out.writeByte(0);
    }
}
