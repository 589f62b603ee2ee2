package dev.gatehouse.proxy.mysql;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** Random command payloads a broken or hostile client could send inside a session (none needs a policy call). */
final class MalformedCommands {

    private MalformedCommands() {
    }

    static byte[] next(Random random, long preparedId) {
        return switch (random.nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> unknownCommand(random);
            case 2 -> truncatedStatementCommand(random);
            case 3 -> statementCommand(random, 0x17, random.nextInt()); // execute of an id never prepared
            case 4 -> random.nextInt(5) == 0 ? execute(random, preparedId) : new byte[] {0x0E}; // some run: audited, sent
            case 5 -> statementCommand(random, 0x1C + random.nextInt(2) * -2, (int) preparedId); // fetch / reset
            case 6 -> new byte[] {0x1B, (byte) random.nextInt(3)}; // COM_SET_OPTION, truncated
            case 7 -> invalidUtf8(random, new byte[] {0x03, 0x02, 0x16}[random.nextInt(3)]);
            case 8 -> statementCommand(random, 0x18, random.nextInt(4)); // long data for ids 0..3
            default -> new byte[] {0x0E}; // COM_PING
        };
    }

    private static byte[] unknownCommand(Random random) {
        int[] unknown = {0x00, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0F, 0x10, 0x12, 0x13,
                0x14, 0x15, 0x1D, 0x1E, 0x20, 0xFA, 0xFE, 0xFF};
        byte[] payload = new byte[1 + random.nextInt(30)];
        random.nextBytes(payload);
        payload[0] = (byte) unknown[random.nextInt(unknown.length)];
        return payload;
    }

    private static byte[] truncatedStatementCommand(Random random) {
        byte[] payload = new byte[1 + random.nextInt(4)];
        random.nextBytes(payload);
        payload[0] = (byte) (0x17 + random.nextInt(6));
        return payload;
    }

    private static byte[] statementCommand(Random random, int command, int id) {
        byte[] tail = new byte[random.nextInt(24)];
        random.nextBytes(tail);
        return ByteBuffer.allocate(5 + tail.length).order(ByteOrder.LITTLE_ENDIAN).put((byte) command).putInt(id)
                .put(tail).array();
    }

    /** An execute of the session's real statement (two parameters) with a random flag, types and values. */
    private static byte[] execute(Random random, long id) {
        byte[] rest = new byte[random.nextInt(40)];
        random.nextBytes(rest);
        ByteBuffer out = ByteBuffer.allocate(10 + 2 + 4 + rest.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x17).putInt((int) id).put((byte) 0).putInt(1)
                .put((byte) 0).put((byte) 1); // no NULLs, types follow
        int[] types = {1, 2, 3, 5, 8, 10, 12, 253, 254, 0x66, 0xF0};
        out.putShort((short) types[random.nextInt(types.length)]).putShort((short) types[random.nextInt(types.length)]);
        return out.put(rest).array();
    }

    private static byte[] invalidUtf8(Random random, byte command) {
        byte[] payload = new byte[2 + random.nextInt(20)];
        random.nextBytes(payload);
        payload[0] = command;
        payload[1] = (byte) 0xC0; // never valid in UTF-8: refused before any decision
        return payload;
    }
}
