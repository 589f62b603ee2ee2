package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.mysql.wire.BinaryValues;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * A binary-protocol row (a server-side prepared statement's result): header 0x00, a NULL bitmap offset
 * by two bits, then each non-NULL value in its column type's form. Strings are masked like text rows. A
 * number or date has no room for a replacement token, so when masking would change its text form
 * (a masked column, a detector's match) it is sent as NULL instead: withheld, never passed.
 */
final class BinaryRows {

    private BinaryRows() {
    }

    /** The row with its values masked: the same packet when nothing changed, else a new one. */
    static MyPacket mask(MyPacket packet, RowMasker masker, ResultColumns columns, ByteBufAllocator alloc) {
        int count = columns.size();
        ByteBuf in = packet.payload().duplicate();
        in.skipBytes(1);
        byte[] nulls = new byte[(count + 9) / 8];
        in.readBytes(nulls);
        int[] starts = new int[count];
        int[] lengths = new int[count];
        byte[][] replaced = new byte[count][];
        boolean changed = false;
        for (int c = 0; c < count; c++) {
            if (isNull(nulls, c)) {
                continue;
            }
            starts[c] = in.readerIndex();
            int type = columns.type(c);
            byte[] value = BinaryValues.isString(type) ? MyWire.readLenencBytes(in)
                    : utf8(BinaryValues.text(in, type, columns.unsigned(c)));
            lengths[c] = in.readerIndex() - starts[c];
            byte[] masked = masker.mask(c, value);
            if (masked != value) {
                changed = true;
                if (BinaryValues.isString(type)) {
                    replaced[c] = masked;
                } else {
                    nulls[(c + 2) / 8] |= (byte) (1 << ((c + 2) % 8));
                }
            }
        }
        if (in.isReadable()) {
            throw new IllegalArgumentException("binary row longer than its columns");
        }
        if (!changed) {
            return packet;
        }
        ByteBuf source = packet.payload();
        ByteBuf out = alloc.buffer(source.readableBytes() + 32);
        out.writeByte(0).writeBytes(nulls);
        for (int c = 0; c < count; c++) {
            if (isNull(nulls, c)) {
                continue;
            }
            if (replaced[c] != null) {
                MyWire.writeLenencBytes(out, replaced[c]);
            } else {
                out.writeBytes(source, starts[c], lengths[c]);
            }
        }
        packet.release();
        return new MyPacket(packet.sequence(), out);
    }

    private static boolean isNull(byte[] nulls, int column) {
        int bit = column + 2;
        return (nulls[bit / 8] & (1 << (bit % 8))) != 0;
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
