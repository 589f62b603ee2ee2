package dev.gatehouse.proxy.mysql.wire;

import io.netty.buffer.ByteBuf;

/**
 * The binary protocol's values (prepared statement parameters and result rows): how long a value of a
 * column type is on the wire, and its text form for the audit trail. An unknown type is an
 * {@link IllegalArgumentException}: a value that cannot be measured cannot be masked or recorded.
 */
public final class BinaryValues {

    public static final int TYPE_TINY = 1;
    public static final int TYPE_SHORT = 2;
    public static final int TYPE_LONG = 3;
    public static final int TYPE_FLOAT = 4;
    public static final int TYPE_DOUBLE = 5;
    public static final int TYPE_NULL = 6;
    public static final int TYPE_TIMESTAMP = 7;
    public static final int TYPE_LONGLONG = 8;
    public static final int TYPE_INT24 = 9;
    public static final int TYPE_DATE = 10;
    public static final int TYPE_TIME = 11;
    public static final int TYPE_DATETIME = 12;
    public static final int TYPE_YEAR = 13;

    private BinaryValues() {
    }

    /** Whether values of the type are length-encoded strings (text, blobs, decimals, JSON, BIT, ENUM, SET). */
    public static boolean isString(int type) {
        return type == 0 || type == 15 || type == 16 || type >= 245 && type <= 255;
    }

    /** Whether values of the type are integers (their text form is what a detector would read). */
    public static boolean isInteger(int type) {
        return type == TYPE_TINY || type == TYPE_SHORT || type == TYPE_LONG || type == TYPE_INT24
                || type == TYPE_LONGLONG || type == TYPE_YEAR;
    }

    /** Skips one value of {@code type} at the reader index; returns how many bytes it took. */
    public static int skip(ByteBuf in, int type) {
        int start = in.readerIndex();
        if (isString(type)) {
            long length = MyWire.readLenenc(in);
            if (length < 0 || length > in.readableBytes()) {
                throw new IndexOutOfBoundsException("binary value runs past its packet");
            }
            in.skipBytes((int) length);
        } else {
            in.skipBytes(fixedLength(in, type));
        }
        return in.readerIndex() - start;
    }

    /** The value's text form (strings as UTF-8, numbers in decimal, temporals as their fields). */
    public static String text(ByteBuf in, int type, boolean unsigned) {
        if (isString(type)) {
            return MyWire.readLenencString(in);
        }
        return switch (type) {
            case TYPE_TINY -> Long.toString(unsigned ? in.readUnsignedByte() : in.readByte());
            case TYPE_SHORT, TYPE_YEAR -> Long.toString(unsigned ? in.readUnsignedShortLE() : in.readShortLE());
            case TYPE_LONG, TYPE_INT24 -> Long.toString(unsigned ? in.readUnsignedIntLE() : in.readIntLE());
            case TYPE_LONGLONG -> unsigned ? Long.toUnsignedString(in.readLongLE()) : Long.toString(in.readLongLE());
            case TYPE_FLOAT -> Float.toString(in.readFloatLE());
            case TYPE_DOUBLE -> Double.toString(in.readDoubleLE());
            case TYPE_NULL -> null;
            case TYPE_TIMESTAMP, TYPE_DATE, TYPE_TIME, TYPE_DATETIME -> temporal(in, type);
            default -> throw new IllegalArgumentException("unknown binary column type " + type);
        };
    }

    private static int fixedLength(ByteBuf in, int type) {
        return switch (type) {
            case TYPE_NULL -> 0;
            case TYPE_TINY -> 1;
            case TYPE_SHORT, TYPE_YEAR -> 2;
            case TYPE_LONG, TYPE_INT24, TYPE_FLOAT -> 4;
            case TYPE_LONGLONG, TYPE_DOUBLE -> 8;
            case TYPE_TIMESTAMP, TYPE_DATE, TYPE_TIME, TYPE_DATETIME -> 1 + in.getUnsignedByte(in.readerIndex());
            default -> throw new IllegalArgumentException("unknown binary column type " + type);
        };
    }

    /** DATE/DATETIME/TIMESTAMP: year, month, day[, h, m, s[, µs]]; TIME: sign, days, h, m, s[, µs]. */
    private static String temporal(ByteBuf in, int type) {
        int length = in.readUnsignedByte();
        ByteBuf v = in.readSlice(length);
        StringBuilder text = new StringBuilder(26);
        if (type == TYPE_TIME) {
            if (length >= 8) {
                text.append(v.readByte() != 0 ? "-" : "").append(v.readUnsignedIntLE()).append("d ")
                        .append(v.readUnsignedByte()).append(':').append(v.readUnsignedByte()).append(':')
                        .append(v.readUnsignedByte());
            }
        } else if (length >= 4) {
            text.append(v.readUnsignedShortLE()).append('-').append(v.readUnsignedByte()).append('-')
                    .append(v.readUnsignedByte());
            if (length >= 7) {
                text.append(' ').append(v.readUnsignedByte()).append(':').append(v.readUnsignedByte()).append(':')
                        .append(v.readUnsignedByte());
            }
        }
        if (v.readableBytes() >= 4) {
            text.append('.').append(v.readUnsignedIntLE());
        }
        return text.toString();
    }
}
