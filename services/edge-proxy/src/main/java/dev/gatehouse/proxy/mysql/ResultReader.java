package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import io.netty.buffer.ByteBuf;

import java.util.function.Consumer;

/**
 * Reads the database's answer to one command and relays it to the client: OK, ERR, or result sets
 * (column count, definitions, EOF, rows, EOF), several when the server says more follow (CALL). Rows
 * are masked by column (the result name or the table column it comes from) and by the detectors, text
 * rows by {@link TextRows}, binary rows (server-side prepared statements) by {@link BinaryRows}. An
 * execute that opens a cursor ends after its column definitions; its rows come with COM_STMT_FETCH,
 * read by a reader {@link #fetch started} with those columns. Sequence ids are renumbered for the
 * client's command. Rows are relayed as they arrive: {@link Commands#toClient} stops reading from the
 * database while the client is not writable.
 */
final class ResultReader implements UpstreamAnswer {

    /** What the command run learns when the answer is complete. */
    interface Done {
        void done(boolean error);
    }

    static final int SERVER_STATUS_CURSOR_EXISTS = 0x40;

    private enum State { FIRST, COLUMNS, COLUMNS_EOF, ROWS }

    private final Commands commands;
    private final MyRun run;
    private final boolean binary;
    private final boolean morePieces;
    private final Done done;
    private State state = State.FIRST;
    private long columnsLeft;
    private ResultColumns columns;
    private RowMasker masker;
    private boolean continued;
    private Consumer<ResultColumns> cursorOpened;

    ResultReader(Commands commands, MyRun run, boolean binary, boolean morePieces, Done done) {
        this.commands = commands;
        this.run = run;
        this.binary = binary;
        this.morePieces = morePieces;
        this.done = done;
    }

    /** A reader for COM_STMT_FETCH: binary rows of a cursor whose columns the execute announced. */
    static ResultReader fetch(Commands commands, MyRun run, ResultColumns columns, Done done) {
        ResultReader reader = new ResultReader(commands, run, true, false, done);
        reader.columns = columns;
        reader.rowsFollow();
        return reader;
    }

    /** Called with the columns when the execute opens a cursor (the answer then ends without rows). */
    ResultReader onCursor(Consumer<ResultColumns> opened) {
        this.cursorOpened = opened;
        return this;
    }

    @Override
    public void packet(MyPacket packet) {
        boolean continuation = continued;
        continued = packet.length() == MyPacket.MAX_PAYLOAD;
        if (continuation || continued) {
            oversized(packet);
            return;
        }
        switch (state) {
            case FIRST -> first(packet);
            case COLUMNS -> column(packet);
            case COLUMNS_EOF -> columnsEnd(packet);
            case ROWS -> row(packet);
        }
    }

    private void first(MyPacket packet) {
        int header = packet.header();
        if (header == 0x00 || header == 0xFF) {
            terminal(packet);
        } else if (header == 0xFB) {
            packet.release();
            commands.session.end("the database asked for a client file (LOAD DATA LOCAL), which Gatehouse never sends");
        } else {
            columnsLeft = MyWire.readLenenc(packet.payload().duplicate());
            columns = new ResultColumns();
            state = columnsLeft > 0 ? State.COLUMNS : State.COLUMNS_EOF;
            commands.toClient(packet);
        }
    }

    private void column(MyPacket packet) {
        columns.add(packet.payload());
        if (--columnsLeft == 0) {
            state = State.COLUMNS_EOF;
        }
        commands.toClient(packet);
    }

    private void columnsEnd(MyPacket packet) {
        boolean cursor = binary && packet.isEof() && (MyWire.status(packet.payload()) & SERVER_STATUS_CURSOR_EXISTS) != 0;
        commands.toClient(packet);
        if (cursor && cursorOpened != null) {
            cursorOpened.accept(columns);
            finish(false);
            return;
        }
        rowsFollow();
    }

    private void rowsFollow() {
        state = State.ROWS;
        masker = columns.masker(commands.session.services, run.plan);
    }

    private void row(MyPacket packet) {
        if (packet.isEof() || packet.isError()) {
            terminal(packet);
            return;
        }
        run.rows++;
        if (masker == null) {
            commands.toClient(packet);
        } else if (binary) {
            MyPacket masked;
            try {
                masked = BinaryRows.mask(packet, masker, columns, commands.session.client.alloc());
            } catch (RuntimeException unreadable) {
                packet.release();
                commands.session.end("a binary row Gatehouse cannot read cannot be masked");
                return;
            }
            commands.toClient(masked);
        } else {
            commands.toClient(TextRows.mask(packet, masker, columns.size(), commands.session.client.alloc()));
        }
    }

    /** OK, EOF or ERR: the end of a result, and of the answer unless the server says more results follow. */
    private void terminal(MyPacket packet) {
        if (packet.isError()) {
            ByteBuf in = packet.payload().duplicate().skipBytes(1);
            run.error = Integer.toString(in.readUnsignedShortLE());
            commands.toClient(packet);
            finish(true);
            return;
        }
        int status = MyWire.status(packet.payload());
        if ((status & MyWire.SERVER_STATUS_NO_BACKSLASH_ESCAPES) != 0) {
            packet.release();
            commands.session.end("the database reports sql_mode NO_BACKSLASH_ESCAPES, which Gatehouse pins off");
            return;
        }
        boolean serverMore = (status & MyWire.SERVER_MORE_RESULTS_EXISTS) != 0;
        if (!serverMore && morePieces) {
            MyWire.moreResults(packet.payload(), true);
        }
        commands.toClient(packet);
        if (serverMore) {
            finishResult();
            state = State.FIRST;
        } else {
            finish(false);
        }
    }

    private void finishResult() {
        if (masker != null) {
            run.masked.addAll(masker.counts());
            commands.session.services.masking.record(masker.counts());
            masker = null;
        }
    }

    private void finish(boolean error) {
        finishResult();
        run.finished = true;
        done.done(error);
    }

    /** A packet of 16 MB or more: relayed only when nothing in it has to be masked. */
    private void oversized(MyPacket packet) {
        if (state == State.ROWS && masker != null) {
            packet.release();
            commands.session.end("a row over 16 MB cannot be masked");
            return;
        }
        commands.toClient(packet);
    }
}
