package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;

/**
 * Server-side prepared statements (COM_STMT_PREPARE / EXECUTE / CLOSE / RESET / SEND_LONG_DATA):
 * not relayed yet, refused with an ERR so drivers fall back to, or are configured for, client-side
 * prepared statements (MariaDB Connector/J's default; MySQL Connector/J {@code useServerPrepStmts=false}).
 */
final class PreparedStatements {

    static final int COM_STMT_PREPARE = 0x16;
    static final int COM_STMT_EXECUTE = 0x17;
    static final int COM_STMT_SEND_LONG_DATA = 0x18;
    static final int COM_STMT_CLOSE = 0x19;
    static final int COM_STMT_RESET = 0x1A;

    private final Commands commands;

    PreparedStatements(Commands commands) {
        this.commands = commands;
    }

    /** Handles a prepared-statement command; false when the packet is no such command. */
    boolean handle(MyPacket packet) {
        int command = packet.header();
        if (command == COM_STMT_CLOSE || command == COM_STMT_SEND_LONG_DATA) {
            packet.release(); // no answer is expected
            commands.done();
            return true;
        }
        if (command == COM_STMT_PREPARE || command == COM_STMT_EXECUTE || command == COM_STMT_RESET) {
            commands.reply(packet, MyWire.error(commands.session.client.alloc(), commands.nextSequence(), 1295, "HY000",
                    "Gatehouse does not relay server-side prepared statements yet: use client-side prepared statements"));
            return true;
        }
        return false;
    }

    void closed() {
        // nothing held yet
    }
}
