package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.masking.MaskingEngine;
import dev.gatehouse.proxy.masking.Plans;
import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import dev.gatehouse.proxy.mysql.wire.StmtExecute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary protocol as the listener reads it: execute parameters for the audit copy, rows for masking. */
class MyBinaryProtocolTests {

    private static final int LONGLONG = 8;
    private static final int VAR_STRING = 253;

    @Test
    void executeParametersAreReadWithBoundTypesAndThenWithTheRememberedOnes() {
        ByteBuf first = Unpooled.buffer().writeByte(0x17).writeIntLE(5).writeByte(0).writeIntLE(1)
                .writeByte(0b100) // the third parameter is NULL
                .writeByte(1).writeShortLE(LONGLONG).writeShortLE(VAR_STRING).writeShortLE(VAR_STRING)
                .writeLongLE(-7);
        MyWire.writeLenencBytes(first, "ada".getBytes(StandardCharsets.UTF_8));
        StmtExecute read = StmtExecute.read(first, 3, null, new BitSet());
        assertThat(read.statementId()).isEqualTo(5);
        assertThat(read.parameters()).containsExactly("-7", "ada", null);

        BitSet longData = new BitSet();
        longData.set(1); // sent before with COM_STMT_SEND_LONG_DATA: no value in the packet
        ByteBuf again = Unpooled.buffer().writeByte(0x17).writeIntLE(5).writeByte(0).writeIntLE(1).writeByte(0)
                .writeByte(0).writeLongLE(42);
        MyWire.writeLenencBytes(again, "bob".getBytes(StandardCharsets.UTF_8));
        assertThat(StmtExecute.read(again, 3, read.types(), longData).parameters()).containsExactly("42", "[long data]", "bob");
    }

    @Test
    void parametersWithoutTypesOrOfAnUnknownTypeAreMalformed() {
        ByteBuf noTypes = Unpooled.buffer().writeByte(0x17).writeIntLE(5).writeByte(0).writeIntLE(1).writeByte(0).writeByte(0);
        assertThatThrownBy(() -> StmtExecute.read(noTypes, 1, null, new BitSet())).isInstanceOf(IllegalArgumentException.class);
        ByteBuf unknown = Unpooled.buffer().writeByte(0x17).writeIntLE(5).writeByte(0).writeIntLE(1).writeByte(0)
                .writeByte(1).writeShortLE(0x66).writeLongLE(1);
        assertThatThrownBy(() -> StmtExecute.read(unknown, 1, null, new BitSet())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBinaryRowKeepsUnmaskedValuesMasksStringsAndWithholdsNumbersAsNull() {
        ResultColumns columns = new ResultColumns();
        columns.add(definition("id", "id", LONGLONG));
        columns.add(definition("k", "api_key", VAR_STRING));
        columns.add(definition("pin", "pin", LONGLONG));
        boolean[] whole = {false, true, false};
        RowMasker masker = new MaskingEngine().rows(columns.names, whole, Plans.columns("api_key", "pin"));
        ByteBuf row = Unpooled.buffer().writeByte(0).writeByte(0).writeLongLE(1);
        MyWire.writeLenencBytes(row, "ak_live_1234567890".getBytes(StandardCharsets.UTF_8));
        row.writeLongLE(4242);

        MyPacket masked = BinaryRows.mask(new MyPacket(1, row), masker, columns, ByteBufAllocator.DEFAULT);
        ByteBuf out = masked.payload();
        assertThat(out.readUnsignedByte()).isZero();
        int nulls = out.readUnsignedByte();
        assertThat(nulls).as("pin (column 2, bit 4) is NULL, the others are not").isEqualTo(1 << 4);
        assertThat(out.readLongLE()).isEqualTo(1);
        String key = MyWire.readLenencString(out);
        assertThat(key).isNotBlank().doesNotContain("1234567890");
        assertThat(out.isReadable()).as("nothing of the withheld number left").isFalse();
        masked.release();
    }

    @Test
    void aRowWithNothingToMaskIsTheSamePacket() {
        ResultColumns columns = new ResultColumns();
        columns.add(definition("id", "id", LONGLONG));
        columns.add(definition("name", "name", VAR_STRING));
        RowMasker masker = new MaskingEngine().rows(columns.names, new boolean[2], Plans.columns("api_key"));
        ByteBuf row = Unpooled.buffer().writeByte(0).writeByte(0b1000); // name is NULL
        row.writeLongLE(3);
        MyPacket packet = new MyPacket(1, row);
        assertThat(BinaryRows.mask(packet, masker, columns, ByteBufAllocator.DEFAULT)).isSameAs(packet);
        packet.release();
    }

    /** A ColumnDefinition41 payload. */
    private static ByteBuf definition(String name, String origin, int type) {
        ByteBuf out = Unpooled.buffer();
        for (String part : Arrays.asList("def", "db", "t", "t", name, origin)) {
            MyWire.writeLenencBytes(out, part.getBytes(StandardCharsets.UTF_8));
        }
        return out.writeByte(0x0C).writeShortLE(45).writeIntLE(64).writeByte(type).writeShortLE(0).writeByte(0)
                .writeShortLE(0);
    }
}
