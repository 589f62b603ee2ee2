package dev.gatehouse.proxy.postgres.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the fields of the messages the proxy inspects; every reader checks lengths against the body. */
public final class Messages {

    private Messages() {
    }

    public record Parse(String name, String sql) {
    }

    public record Bind(String portal, String statement, List<byte[]> parameters, short[] parameterFormats,
                       short[] resultFormats) {

        /** The parameters as the audit trail records them: text values, binary ones as a placeholder. */
        public List<String> textParameters() {
            List<String> text = new ArrayList<>(parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                byte[] value = parameters.get(i);
                short format = parameterFormats.length == 0 ? 0
                        : parameterFormats.length == 1 ? parameterFormats[0] : parameterFormats[i];
                text.add(value == null ? null : format == 0 ? new String(value, StandardCharsets.UTF_8)
                        : "<binary " + value.length + " bytes>");
            }
            return text;
        }

        public short resultFormat(int column) {
            return resultFormats.length == 0 ? 0 : resultFormats.length == 1 ? resultFormats[0]
                    : column < resultFormats.length ? resultFormats[column] : 0;
        }
    }

    /**
     * A result column as RowDescription states it. {@code tableOid}/{@code attribute} name its source
     * column when PostgreSQL can tell (0 for an expression; attribute 0 for a whole-row reference).
     */
    public record Column(String name, int tableOid, short attribute, int typeOid, short format) {

        public Column withFormat(short resultFormat) {
            return new Column(name, tableOid, attribute, typeOid, resultFormat);
        }
    }

    public static Parse parse(ByteBuf body) {
        ByteBuf in = body.duplicate();
        String name = PgWire.readCString(in);
        String sql = PgWire.readCString(in);
        PgWire.need(in, 2);
        int types = in.readUnsignedShort();
        PgWire.need(in, types * 4);
        return new Parse(name, sql);
    }

    public static Bind bind(ByteBuf body) {
        ByteBuf in = body.duplicate();
        String portal = PgWire.readCString(in);
        String statement = PgWire.readCString(in);
        short[] formats = shorts(in);
        PgWire.need(in, 2);
        int count = in.readUnsignedShort();
        if (formats.length > 1 && formats.length != count) {
            throw new MalformedMessage("parameter formats do not match the parameters");
        }
        List<byte[]> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            PgWire.need(in, 4);
            int length = in.readInt();
            if (length == -1) {
                values.add(null);
                continue;
            }
            PgWire.need(in, length);
            byte[] value = new byte[length];
            in.readBytes(value);
            values.add(value);
        }
        return new Bind(portal, statement, values, formats, shorts(in));
    }

    private static short[] shorts(ByteBuf in) {
        PgWire.need(in, 2);
        int count = in.readUnsignedShort();
        PgWire.need(in, count * 2);
        short[] values = new short[count];
        for (int i = 0; i < count; i++) {
            values[i] = in.readShort();
        }
        return values;
    }

    /** Describe and Close: the kind ('S' statement or 'P' portal) and the name. */
    public record Target(char kind, String name) {
    }

    public static Target target(ByteBuf body) {
        ByteBuf in = body.duplicate();
        PgWire.need(in, 1);
        char kind = (char) in.readByte();
        if (kind != 'S' && kind != 'P') {
            throw new MalformedMessage("describe or close of an unknown kind");
        }
        return new Target(kind, PgWire.readCString(in));
    }

    public static String query(ByteBuf body) {
        return PgWire.readCString(body.duplicate());
    }

    public static List<Column> rowDescription(ByteBuf body) {
        ByteBuf in = body.duplicate();
        PgWire.need(in, 2);
        int count = in.readUnsignedShort();
        List<Column> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = PgWire.readCString(in);
            PgWire.need(in, 18);
            int table = in.readInt();
            short attribute = in.readShort();
            int type = in.readInt();
            in.skipBytes(6);
            columns.add(new Column(name, table, attribute, type, in.readShort()));
        }
        return columns;
    }

    public static byte[][] dataRow(ByteBuf body) {
        ByteBuf in = body.duplicate();
        PgWire.need(in, 2);
        int count = in.readUnsignedShort();
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            PgWire.need(in, 4);
            int length = in.readInt();
            if (length >= 0) {
                PgWire.need(in, length);
                values[i] = new byte[length];
                in.readBytes(values[i]);
            }
        }
        return values;
    }

    public static ByteBuf dataRow(ByteBufAllocator alloc, byte[][] values) {
        int size = 7;
        for (byte[] value : values) {
            size += 4 + (value == null ? 0 : value.length);
        }
        ByteBuf out = alloc.buffer(size).writeByte(BackendMessage.DATA_ROW.type).writeInt(size - 1).writeShort(values.length);
        for (byte[] value : values) {
            if (value == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(value.length).writeBytes(value);
            }
        }
        return out;
    }

    /** ErrorResponse / NoticeResponse fields by code ('C' SQLSTATE, 'M' message, ...). */
    public static Map<Character, String> fields(ByteBuf body) {
        ByteBuf in = body.duplicate();
        Map<Character, String> fields = new HashMap<>();
        while (in.isReadable()) {
            char code = (char) in.readByte();
            if (code == 0) {
                break;
            }
            fields.put(code, PgWire.readCString(in));
        }
        return fields;
    }

    /** The row count of a CommandComplete tag ({@code INSERT 0 5}, {@code SELECT 3}, {@code COPY 7}); 0 if none. */
    public static long rows(ByteBuf body) {
        String tag = PgWire.readCString(body.duplicate());
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return 0;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Startup packet parameters (after the protocol code). */
    public static Map<String, String> startupParameters(ByteBuf body) {
        ByteBuf in = body.duplicate();
        Map<String, String> parameters = new java.util.LinkedHashMap<>();
        while (in.isReadable()) {
            String name = PgWire.readCString(in);
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, PgWire.readCString(in));
        }
        return parameters;
    }
}
