package dev.gatehouse.proxy.mysql;

import dev.gatehouse.proxy.mysql.wire.Capabilities;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.ArrayDeque;

/**
 * The command phase: one client command at a time (a client that sends the next before the answer
 * waits in a queue), each answered with sequence ids counted from 1. {@code COM_QUERY} and the prepared
 * statement commands are decided ({@link QueryRun}, {@link PreparedStatements}); {@code COM_INIT_DB} is
 * decided as {@code USE}; {@code COM_CHANGE_USER} (another login inside the session) and anything
 * unknown is refused. The database's answers arrive through {@link #upstreamPacket}.
 */
final class Commands {

    static final int COM_QUIT = 0x01;
    static final int COM_INIT_DB = 0x02;
    static final int COM_QUERY = 0x03;
    static final int COM_PING = 0x0E;
    static final int COM_CHANGE_USER = 0x11;
    static final int COM_SET_OPTION = 0x1B;
    static final int COM_RESET_CONNECTION = 0x1F;

    final MySession session;
    final PreparedStatements prepared;
    /** Commands a client may send ahead of their answers before the listener stops reading from it. */
    private static final int MAX_QUEUED = 32;

    private final ArrayDeque<MyPacket> queue = new ArrayDeque<>();
    private boolean busy;
    private int sequence;
    /** Who reads the database's packets now; null when no answer is expected. */
    UpstreamAnswer reader;

    Commands(MySession session) {
        this.session = session;
        this.prepared = new PreparedStatements(this);
        session.upstream.pipeline().addLast("relay", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                upstreamPacket((MyPacket) msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                session.client.flush();
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                session.end("the database closed the connection");
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                session.end("the database connection failed");
            }
        });
        session.upstream.config().setAutoRead(true);
    }

    void received(MyPacket packet) {
        if (busy) {
            queue.add(packet);
            if (queue.size() >= MAX_QUEUED) {
                session.client.config().setAutoRead(false); // a client that pipelines without reading waits
            }
            return;
        }
        handle(packet);
    }

    private void handle(MyPacket packet) {
        busy = true;
        sequence = packet.sequence() + 1;
        int command = packet.header();
        switch (command) {
            case COM_QUIT -> {
                packet.release();
                session.end(null);
            }
            case COM_QUERY -> new QueryRun(this).start(packet);
            case COM_INIT_DB -> new QueryRun(this).initDb(packet);
            case COM_PING -> reply(packet, MyWire.ok(session.client.alloc(), sequence, MyWire.SERVER_STATUS_AUTOCOMMIT));
            case COM_SET_OPTION -> setOption(packet);
            case COM_RESET_CONNECTION -> {
                prepared.reset(); // the server forgets its prepared statements too
                forward(packet, new MyRun("/* COM_RESET_CONNECTION */", null, null, null), false);
            }
            default -> {
                if (!prepared.handle(packet)) {
                    String refusal = command == COM_CHANGE_USER
                            ? "Gatehouse does not allow COM_CHANGE_USER: open a new connection for another login"
                            : "Gatehouse does not support this command (" + command + ")";
                    reply(packet, MyWire.error(session.client.alloc(), sequence, 1047, "08S01", refusal));
                }
            }
        }
    }

    /** COM_SET_OPTION switches multi-statements for this client; answered with EOF, as the server does. */
    private void setOption(MyPacket packet) {
        if (packet.length() < 3) {
            reply(packet, MyWire.error(session.client.alloc(), sequence, 1047, "08S01", "Malformed COM_SET_OPTION"));
            return;
        }
        int option = packet.payload().getUnsignedShortLE(packet.payload().readerIndex() + 1);
        if (option == 0) {
            session.clientCapabilities |= Capabilities.MULTI_STATEMENTS;
        } else {
            session.clientCapabilities &= ~Capabilities.MULTI_STATEMENTS;
        }
        reply(packet, MyWire.packet(session.client.alloc(), sequence,
                out -> out.writeByte(0xFE).writeShortLE(0).writeShortLE(MyWire.SERVER_STATUS_AUTOCOMMIT)));
    }

    /** Answers the command with one packet of the proxy's own and ends it. */
    void reply(MyPacket command, ByteBuf answer) {
        command.release();
        session.client.writeAndFlush(answer);
        done();
    }

    /** Sends the command's packet to the database as it is and relays the answer. */
    void forward(MyPacket command, MyRun run, boolean binary) {
        reader = new ResultReader(this, run, binary, false, error -> done());
        session.upstream.writeAndFlush(MyWire.packet(session.client.alloc(), 0, command.payload()));
    }

    /** Sends a statement text to the database as COM_QUERY; {@code reader} reads the answer. */
    void query(String sql, UpstreamAnswer answer) {
        command(COM_QUERY, sql, answer);
    }

    /** Sends a command with a statement text (COM_QUERY, COM_STMT_PREPARE); {@code answer} reads the answer. */
    void command(int command, String sql, UpstreamAnswer answer) {
        reader = answer;
        byte[] text = sql.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        session.upstream.writeAndFlush(MyWire.packet(session.client.alloc(), 0, out -> out.writeByte(command).writeBytes(text)));
    }

    /** Sends a command packet as it is; {@code answer} reads the answer (null: none is expected). */
    void send(MyPacket command, UpstreamAnswer answer) {
        reader = answer;
        session.upstream.writeAndFlush(MyWire.packet(session.client.alloc(), 0, command.payload()));
    }

    void upstreamPacket(MyPacket packet) {
        UpstreamAnswer current = reader;
        if (current == null) {
            packet.release();
            session.end("the database sent an answer nobody asked for");
            return;
        }
        current.packet(packet);
    }

    int nextSequence() {
        return sequence++ & 0xFF;
    }

    /** A packet to the client, renumbered in the command's sequence (not flushed: the read's end flushes). */
    void toClient(MyPacket packet) {
        session.client.write(MyWire.packet(session.client.alloc(), nextSequence(), packet.payload()));
        if (!session.client.isWritable()) {
            session.upstream.config().setAutoRead(false);
        }
    }

    /** A packet of the proxy's own, built with {@link #nextSequence()}. */
    void toClient(ByteBuf packetWithHeader) {
        session.client.write(packetWithHeader);
    }

    /** The command is answered: the next queued one runs (the session stays busy until it has). */
    void done() {
        reader = null;
        session.client.flush();
        MyPacket next = queue.poll();
        if (queue.size() < MAX_QUEUED / 2 && !session.client.config().isAutoRead()) {
            session.client.config().setAutoRead(true);
        }
        if (next == null) {
            busy = false;
            return;
        }
        // a task of its own, not a nested call: a read can hold thousands of tiny pipelined commands
        session.client.eventLoop().execute(() -> {
            if (session.phase == MySession.Phase.READY) {
                handle(next);
            } else {
                next.release();
            }
        });
    }

    void closed() {
        MyPacket packet;
        while ((packet = queue.poll()) != null) {
            packet.release();
        }
        prepared.closed();
    }
}
