package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.masking.MaskingPlan;
import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The column definitions of one result set, as far as masking needs them: the name the client sees, the
 * table column it comes from ({@code org_name}), and, for binary rows, the type and unsigned flag.
 */
final class ResultColumns {

    private static final int UNSIGNED_FLAG = 0x20;

    final List<String> names = new ArrayList<>();
    final List<String> origins = new ArrayList<>();
    private int[] types = new int[8];
    private boolean[] unsigned = new boolean[8];

    /** Reads one ColumnDefinition41 payload. */
    void add(ByteBuf payload) {
        ByteBuf in = payload.duplicate();
        for (int i = 0; i < 4; i++) {
            MyWire.readLenencBytes(in); // catalog, schema, table, org_table
        }
        int c = names.size();
        names.add(MyWire.readLenencString(in));
        origins.add(MyWire.readLenencString(in));
        MyWire.readLenenc(in); // length of the fixed fields
        in.skipBytes(2 + 4); // character set, column length
        if (c == types.length) {
            types = Arrays.copyOf(types, c * 2);
            unsigned = Arrays.copyOf(unsigned, c * 2);
        }
        types[c] = in.readUnsignedByte();
        unsigned[c] = (in.readUnsignedShortLE() & UNSIGNED_FLAG) != 0;
    }

    int size() {
        return names.size();
    }

    int type(int column) {
        return types[column];
    }

    boolean unsigned(int column) {
        return unsigned[column];
    }

    /**
     * The masker for this result's rows, or null when the plan masks nothing. A column is masked whole
     * when its own name or the table column it comes from matches (an alias does not hide a column).
     */
    RowMasker masker(MysqlServices services, MaskingPlan plan) {
        if (plan == null || !plan.masksAnything()) {
            return null;
        }
        boolean[] whole = new boolean[origins.size()];
        for (int c = 0; c < whole.length; c++) {
            whole[c] = origins.get(c) != null && plan.columnMatches(origins.get(c));
        }
        return services.masking.rows(names, whole, plan);
    }
}
