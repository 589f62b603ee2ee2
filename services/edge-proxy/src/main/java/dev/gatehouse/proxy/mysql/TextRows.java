package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** A text-protocol row: one length-encoded string per column, 0xFB for NULL. */
final class TextRows {

    private TextRows() {
    }

    /** The row with its values masked: the same packet when nothing changed, else a new one. */
    static MyPacket mask(MyPacket packet, RowMasker masker, int columns, ByteBufAllocator alloc) {
        ByteBuf in = packet.payload().duplicate();
        byte[][] values = new byte[columns][];
        boolean changed = false;
        for (int c = 0; c < columns; c++) {
            values[c] = MyWire.readLenencBytes(in);
            byte[] masked = masker.mask(c, values[c]);
            changed |= masked != values[c];
            values[c] = masked;
        }
        if (!changed) {
            return packet;
        }
        ByteBuf out = alloc.buffer(packet.length() + 16);
        for (byte[] value : values) {
            if (value == null) {
                out.writeByte(0xFB);
            } else {
                MyWire.writeLenencBytes(out, value);
            }
        }
        packet.release();
        return new MyPacket(packet.sequence(), out);
    }
}
