package dev.gatehouse.proxy.mysql.wire;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A COM_STMT_EXECUTE read for its decision and audit: the statement id, the cursor flags and each
 * parameter's text. Parameter types come with the packet (new-params-bound flag 1) or from the
 * statement's previous execute; a parameter sent before as long data has no value in the packet.
 * Throws {@link IndexOutOfBoundsException} / {@link IllegalArgumentException} on a malformed packet.
 */
public record StmtExecute(long statementId, int flags, List<String> parameters, int[] types) {

    /** The statement id MariaDB reads as "the statement prepared last" (prepare and execute pipelined). */
    public static final long LAST_PREPARED = 0xFFFFFFFFL;
    public static final int OFFSET_STATEMENT_ID = 1;

    /** The statement id alone (the first thing after the command byte of every COM_STMT_* packet). */
    public static long statementId(ByteBuf payload) {
        return payload.getUnsignedIntLE(payload.readerIndex() + OFFSET_STATEMENT_ID);
    }

    /** Rewrites a COM_STMT_* packet's statement id in place (a "last prepared" id made concrete). */
    public static void setStatementId(ByteBuf payload, long id) {
        payload.setIntLE(payload.readerIndex() + OFFSET_STATEMENT_ID, (int) id);
    }

    /**
     * @param parameterCount how many parameters the statement has (from its prepare)
     * @param previousTypes  the types the last execute bound (null: none yet)
     * @param longData       the parameters sent as long data since the last execute
     */
    public static StmtExecute read(ByteBuf payload, int parameterCount, int[] previousTypes, BitSet longData) {
        ByteBuf in = payload.duplicate();
        in.skipBytes(1);
        long id = in.readUnsignedIntLE();
        int flags = in.readUnsignedByte();
        in.skipBytes(4); // iteration count, always 1
        if (parameterCount == 0) {
            return new StmtExecute(id, flags, List.of(), previousTypes);
        }
        ByteBuf nulls = in.readSlice((parameterCount + 7) / 8);
        int[] types = previousTypes;
        if (in.readUnsignedByte() == 1) {
            types = new int[parameterCount];
            for (int p = 0; p < parameterCount; p++) {
                types[p] = in.readUnsignedShortLE();
            }
        }
        if (types == null) {
            throw new IllegalArgumentException("parameters without types");
        }
        List<String> values = new ArrayList<>(parameterCount);
        for (int p = 0; p < parameterCount; p++) {
            if ((nulls.getUnsignedByte(p / 8) & (1 << (p % 8))) != 0) {
                values.add(null);
            } else if (longData.get(p)) {
                values.add("[long data]");
            } else {
                values.add(BinaryValues.text(in, types[p] & 0xFF, (types[p] & 0x8000) != 0));
            }
        }
        return new StmtExecute(id, flags, values, types);
    }
}
