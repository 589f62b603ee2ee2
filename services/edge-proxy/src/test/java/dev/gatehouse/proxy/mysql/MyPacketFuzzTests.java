package dev.gatehouse.proxy.mysql;

import dev.gatehouse.mysqlsql.MySqlLexer;
import dev.gatehouse.mysqlsql.MySqlSplitter;
import dev.gatehouse.proxy.mysql.wire.BinaryValues;
import dev.gatehouse.proxy.mysql.wire.Handshakes;
import dev.gatehouse.proxy.mysql.wire.MyPacket;
import dev.gatehouse.proxy.mysql.wire.MyWire;
import dev.gatehouse.proxy.mysql.wire.PacketDecoder;
import dev.gatehouse.proxy.mysql.wire.StmtExecute;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * 100,000 malformed packets (fixed seed, printed on failure) through the packet decoder and every parser
 * the listener runs on bytes from a client or a server (handshakes, OK/EOF status, COM_STMT_EXECUTE's
 * parameters, binary values): only the documented failures (a packet over the
 * limit; an index or argument error the session turns into "Bad handshake"), no other exception, no
 * buffer left unreleased, and the MySQL lexer reads any text without throwing.
 */
class MyPacketFuzzTests {

    private static final long SEED = 0x6d7973716cL;
    private static final int ITERATIONS = 100_000;
    private static final int[] BINARY_TYPES = {1, 2, 3, 4, 5, 7, 8, 10, 11, 12, 13, 246, 252, 253};

    @Test
    void malformedPacketsFailOnlyTheWaysTheListenerHandles() {
        Random random = new Random(SEED);
        List<ByteBuf> inputs = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new PacketDecoder(4096, false));
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] bytes = packet(random);
            ByteBuf input = Unpooled.wrappedBuffer(bytes);
            inputs.add(input.retain());
            try {
                channel.writeInbound(input);
            } catch (DecoderException tooLong) {
                channel = new EmbeddedChannel(new PacketDecoder(4096, false)); // the session would end here
            }
            MyPacket packet;
            while ((packet = channel.readInbound()) != null) {
                try {
                    parse(packet);
                } catch (RuntimeException e) {
                    fail("seed " + SEED + ", iteration " + i + ": " + e, e);
                } finally {
                    packet.release();
                }
            }
            if (inputs.size() > 1000) {
                channel.finishAndReleaseAll(); // a connection's end frees a partial packet it was waiting on
                assertReleased(inputs, i);
                channel = new EmbeddedChannel(new PacketDecoder(4096, false));
            }
        }
        channel.finishAndReleaseAll();
        assertReleased(inputs, ITERATIONS);
    }

    private static void parse(MyPacket packet) {
        expectOnlyMalformed(() -> Handshakes.clientHello(packet.payload()));
        expectOnlyMalformed(() -> Handshakes.serverGreeting(packet.payload()));
        expectOnlyMalformed(() -> MyWire.status(packet.payload()));
        expectOnlyMalformed(() -> MyWire.readLenencBytes(packet.payload().duplicate()));
        switch (packet.sequence() & 3) { // one of the binary-protocol readers per packet: fast enough
            case 0 -> expectOnlyMalformed(() -> StmtExecute.read(packet.payload(), 3, null, new BitSet()));
            case 1 -> expectOnlyMalformed(() -> StmtExecute.read(packet.payload(), 2,
                    new int[] {BinaryValues.TYPE_DATETIME, 253}, BitSet.valueOf(new long[] {2})));
            default -> {
                int type = BINARY_TYPES[(packet.sequence() >> 2) % BINARY_TYPES.length];
                expectOnlyMalformed(() -> BinaryValues.text(packet.payload().duplicate(), type, false));
            }
        }
        String text = packet.payload().toString(StandardCharsets.UTF_8);
        MySqlSplitter.split(MySqlLexer.tokenize(text).tokens(), text);
    }

    private static void expectOnlyMalformed(Runnable parser) {
        try {
            parser.run();
        } catch (IndexOutOfBoundsException | IllegalArgumentException | NegativeArraySizeException malformed) {
            // what HandshakePhase and UpstreamLogin turn into a refusal
        }
    }

    /** A packet header with a length that is often right, sometimes not, and a random payload. */
    private static byte[] packet(Random random) {
        int length = random.nextInt(8) == 0 ? random.nextInt(8192) : random.nextInt(96);
        byte[] payload = new byte[Math.min(length, 96)];
        random.nextBytes(payload);
        if (payload.length > 0 && random.nextBoolean()) {
            payload[0] = (byte) new int[] {0x00, 0xFE, 0xFF, 0xFB, 0x03, 0x0A}[random.nextInt(6)];
        }
        byte[] packet = new byte[4 + payload.length];
        int declared = random.nextInt(4) == 0 ? length : payload.length;
        packet[0] = (byte) declared;
        packet[1] = (byte) (declared >> 8);
        packet[2] = (byte) (declared >> 16);
        packet[3] = (byte) random.nextInt(256);
        System.arraycopy(payload, 0, packet, 4, payload.length);
        return packet;
    }

    private static void assertReleased(List<ByteBuf> inputs, int iteration) {
        for (ByteBuf input : inputs) {
            assertThat(input.refCnt()).as("seed " + SEED + ", before iteration " + iteration + ": a buffer left held")
                    .isLessThanOrEqualTo(1);
            input.release(input.refCnt());
        }
        inputs.clear();
    }
}
