package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.masking.RowMasker;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the database's answer to one command and relays it to the client: OK, ERR, or result sets
 * (column count, definitions, EOF, rows, EOF), several when the server says more follow (CALL). Rows
 * are masked by column (the result name or the table column it comes from) and by the detectors;
 * a binary row (server-side prepared statement) that must be masked is dropped and its result ends in
 * an ERR instead: refusing beats leaking. Sequence ids are renumbered for the client's command.
 */
final class ResultReader {

    /** What the command run learns when the answer is complete. */
    interface Done {
        void done(boolean error);
    }

    private enum State { FIRST, COLUMNS, COLUMNS_EOF, ROWS }

    private final Commands commands;
    private final MyRun run;
    private final boolean binary;
    private final boolean morePieces;
    private final Done done;
    private State state = State.FIRST;
    private long columnsLeft;
    private final List<String> names = new ArrayList<>();
    private final List<String> origins = new ArrayList<>();
    private RowMasker masker;
    private boolean refusedRows;
    private boolean continued;

    ResultReader(Commands commands, MyRun run, boolean binary, boolean morePieces, Done done) {
        this.commands = commands;
        this.run = run;
        this.binary = binary;
        this.morePieces = morePieces;
        this.done = done;
    }

    /** One packet of the answer; the reader owns it. */
    void packet(MyPacket packet) {
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
            names.clear();
            origins.clear();
            state = columnsLeft > 0 ? State.COLUMNS : State.COLUMNS_EOF;
            commands.toClient(packet);
        }
    }

    private void column(MyPacket packet) {
        ByteBuf in = packet.payload().duplicate();
        for (int i = 0; i < 4; i++) {
            MyWire.readLenencBytes(in); // catalog, schema, table, org_table
        }
        names.add(MyWire.readLenencString(in));
        origins.add(MyWire.readLenencString(in));
        if (--columnsLeft == 0) {
            state = State.COLUMNS_EOF;
        }
        commands.toClient(packet);
    }

    private void columnsEnd(MyPacket packet) {
        state = State.ROWS;
        masker = null;
        refusedRows = false;
        if (run.plan != null && run.plan.masksAnything()) {
            boolean[] whole = new boolean[origins.size()];
            for (int c = 0; c < whole.length; c++) {
                whole[c] = origins.get(c) != null && run.plan.columnMatches(origins.get(c));
            }
            masker = commands.session.services.masking.rows(names, whole, run.plan);
            refusedRows = binary;
        }
        commands.toClient(packet);
    }

    private void row(MyPacket packet) {
        if (packet.isEof() || packet.isError()) {
            if (refusedRows && packet.isEof()) {
                packet.release();
                commands.toClient(MyWire.error(commands.session.client.alloc(), commands.nextSequence(), 1142, "42000",
                        "result refused by Gatehouse: it must be masked and arrived as binary rows (a server-side "
                                + "prepared statement); use client-side prepared statements"));
                finish(true);
                return;
            }
            terminal(packet);
            return;
        }
        run.rows++;
        if (refusedRows) {
            packet.release();
        } else if (masker == null) {
            commands.toClient(packet);
        } else {
            commands.toClient(TextRows.mask(packet, masker, names.size(), commands.session.client.alloc()));
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
            state = State.FIRST;
        } else {
            finish(false);
        }
    }

    private void finish(boolean error) {
        if (masker != null) {
            run.masked.addAll(masker.counts());
            commands.session.services.masking.record(masker.counts());
        }
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
