package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import dev.gatehouse.proxy.mysql.wire.StmtExecute;

import java.util.HashMap;
import java.util.Map;

/**
 * Server-side prepared statements. COM_STMT_PREPARE is decided like a statement ({@link StmtPrepare}): a
 * refused one never reaches the database. The statements the database prepared are kept by their id;
 * EXECUTE ({@link StmtRun}), FETCH, RESET, SEND_LONG_DATA and CLOSE are relayed only for those ids, so
 * no command can run a statement that was not allowed (the id MariaDB reads as "the last prepared" is
 * resolved to the proxy's own last prepared statement, and refused when that prepare was refused).
 */
final class PreparedStatements {

    static final int COM_STMT_PREPARE = 0x16;
    static final int COM_STMT_EXECUTE = 0x17;
    static final int COM_STMT_SEND_LONG_DATA = 0x18;
    static final int COM_STMT_CLOSE = 0x19;
    static final int COM_STMT_RESET = 0x1A;
    static final int COM_STMT_FETCH = 0x1C;

    private final Commands commands;
    private final Map<Long, MyStatement> statements = new HashMap<>();
    /** The statement the last COM_STMT_PREPARE created; null when that prepare was refused or failed. */
    private MyStatement last;

    PreparedStatements(Commands commands) {
        this.commands = commands;
    }

    /** Handles a prepared-statement command; false when the packet is no such command. */
    boolean handle(MyPacket packet) {
        int command = packet.header();
        if (command == COM_STMT_PREPARE) {
            last = null;
            new StmtPrepare(commands).start(packet);
            return true;
        }
        if (command != COM_STMT_EXECUTE && command != COM_STMT_SEND_LONG_DATA && command != COM_STMT_CLOSE
                && command != COM_STMT_RESET && command != COM_STMT_FETCH) {
            return false;
        }
        MyStatement statement = packet.length() >= 5 ? find(StmtExecute.statementId(packet.payload())) : null;
        switch (command) {
            case COM_STMT_EXECUTE -> {
                if (statement == null) {
                    unknown(packet, "mysqld_stmt_execute");
                } else {
                    new StmtRun(commands).execute(packet, statement);
                }
            }
            case COM_STMT_FETCH -> {
                if (statement == null || statement.cursor == null) {
                    unknown(packet, "mysqld_stmt_fetch");
                } else {
                    new StmtRun(commands).fetch(packet, statement);
                }
            }
            case COM_STMT_RESET -> reset(packet, statement);
            case COM_STMT_SEND_LONG_DATA -> longData(packet, statement);
            default -> close(packet, statement);
        }
        return true;
    }

    /** A prepare the database answered with PREPARE_OK. */
    void prepared(MyStatement statement) {
        statements.put(statement.id, statement);
        last = statement;
    }

    MyStatement find(long id) {
        return id == StmtExecute.LAST_PREPARED ? last : statements.get(id);
    }

    private void unknown(MyPacket packet, String where) {
        commands.reply(packet, MyWire.error(commands.session.client.alloc(), commands.nextSequence(), 1243, "HY000",
                "Unknown prepared statement handler given to " + where + " (Gatehouse relays only statements it let "
                        + "the database prepare)"));
    }

    private void reset(MyPacket packet, MyStatement statement) {
        if (statement == null) {
            unknown(packet, "mysqld_stmt_reset");
            return;
        }
        statement.longData.clear();
        statement.cursor = null;
        StmtExecute.setStatementId(packet.payload(), statement.id);
        commands.forward(packet, new MyRun("/* COM_STMT_RESET */", null, null, null), false);
    }

    /** No answer is expected: a long-data chunk for a statement or parameter the proxy does not know is dropped. */
    private void longData(MyPacket packet, MyStatement statement) {
        int parameter = packet.length() >= 7 ? packet.payload().getUnsignedShortLE(packet.payload().readerIndex() + 5) : -1;
        if (statement == null || parameter < 0 || parameter >= statement.parameterCount) {
            packet.release();
        } else {
            statement.longData.set(parameter);
            StmtExecute.setStatementId(packet.payload(), statement.id);
            commands.send(packet, null);
        }
        commands.done();
    }

    /** No answer is expected. */
    private void close(MyPacket packet, MyStatement statement) {
        if (statement == null) {
            packet.release();
        } else {
            statements.remove(statement.id);
            if (last == statement) {
                last = null;
            }
            StmtExecute.setStatementId(packet.payload(), statement.id);
            commands.send(packet, null);
        }
        commands.done();
    }

    /** COM_RESET_CONNECTION: the database drops every prepared statement of the session. */
    void reset() {
        statements.clear();
        last = null;
    }

    void closed() {
        statements.clear();
        last = null;
    }
}
