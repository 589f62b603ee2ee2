package dev.gatehouse.proxy.kubernetes;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpdyReaderTests {

    /** What a reader saw, in order. */
    private static final class Seen implements SpdyReader.Frames {
        final List<String> events = new ArrayList<>();
        final Map<Integer, ByteArrayOutputStream> data = new LinkedHashMap<>();

        @Override
        public void opened(int stream, Map<String, String> headers, boolean fin) {
            events.add("open " + stream + " " + headers + (fin ? " fin" : ""));
        }

        @Override
        public void data(int stream, byte[] bytes, int offset, int length) {
            data.computeIfAbsent(stream, s -> new ByteArrayOutputStream()).write(bytes, offset, length);
        }

        @Override
        public void finished(int stream) {
            events.add("fin " + stream);
        }

        @Override
        public void reset(int stream) {
            events.add("reset " + stream);
        }

        @Override
        public void goingAway() {
            events.add("goaway");
        }
    }

    @Test
    void theDictionaryIsTheSpecsByLengthAndChecksum() {
        Adler32 adler = new Adler32();
        adler.update(SpdyDictionary.bytes());
        // the SPDY/3 draft's dictionary: 1,423 bytes, Adler-32 e3c6a7c2 (the DICTID every SPDY/3 header block names)
        assertThat(SpdyDictionary.bytes()).hasSize(1423);
        assertThat(Long.toHexString(adler.getValue())).isEqualTo("e3c6a7c2");
    }

    @Test
    void anotherImplementationsSynStreamIsRead() {
        // a SYN_STREAM from node-spdy's parser tests (stream 1, ":method: GET", ":path: /"), compressed by that code
        byte[] frame = HexFormat.of().parseHex("800300010000002c0000000100000000000078f9e3c6a7c202e50e507ab442a45a77"
                + "d7105006b32a4804974d8cfa00000000ffff");
        Seen seen = new Seen();
        SpdyReader reader = new SpdyReader(seen);

        for (byte b : frame) {
            reader.read(new byte[] {b}, 0, 1); // one byte at a time: the transport may cut anywhere
        }

        assertThat(seen.events).hasSize(1);
        assertThat(seen.events.getFirst()).startsWith("open 1 {").contains(":method=GET").contains(":path=/");
        assertThat(reader.atBoundary()).isTrue();
    }

    @Test
    void aSessionCutAnywhereReadsTheSameAsWhole() {
        SpdyWriter writer = new SpdyWriter();
        byte[] payload = new byte[70_000];
        new Random(7).nextBytes(payload);
        ByteArrayOutputStream session = new ByteArrayOutputStream();
        session.writeBytes(writer.synStream(1, Map.of("streamtype", "error", "port", "8080", "requestid", "0"), false));
        session.writeBytes(writer.synStream(3, Map.of("streamtype", "data", "port", "8080", "requestid", "0"), false));
        session.writeBytes(SpdyWriter.data(1, new byte[0], 0, 0, true));
        session.writeBytes(SpdyWriter.ping(1));
        session.writeBytes(SpdyWriter.data(3, payload, 0, 40_000, false));
        session.writeBytes(SpdyWriter.control(3, SpdyReader.WINDOW_UPDATE, 0, ByteBuffer.allocate(8).putInt(3).putInt(9).array()));
        session.writeBytes(SpdyWriter.data(3, payload, 40_000, 30_000, true));
        session.writeBytes(SpdyWriter.control(3, SpdyReader.SETTINGS, 0, ByteBuffer.allocate(12).putInt(1).putInt(7).putInt(1000).array()));
        session.writeBytes(writer.synStream(5, Map.of("streamtype", "data", "port", "9090", "requestid", "1"), true));
        session.writeBytes(writer.reset(5));
        session.writeBytes(writer.goAway());
        byte[] whole = session.toByteArray();

        Seen once = new Seen();
        new SpdyReader(once).read(whole, 0, whole.length);
        Random cuts = new Random(11);
        for (int round = 0; round < 20; round++) {
            Seen pieces = new Seen();
            SpdyReader reader = new SpdyReader(pieces);
            for (int at = 0; at < whole.length; ) {
                int n = Math.min(whole.length - at, 1 + cuts.nextInt(round < 10 ? 16 : 9000));
                reader.read(whole, at, n);
                at += n;
            }
            assertThat(pieces.events).isEqualTo(once.events);
            assertThat(pieces.data.get(3).toByteArray()).isEqualTo(payload);
            assertThat(reader.atBoundary()).isTrue();
        }
        assertThat(once.events).hasSize(8);
        assertThat(once.events.subList(2, 4)).containsExactly("fin 1", "fin 3");
        assertThat(once.events.subList(5, 8)).containsExactly("fin 5", "reset 5", "goaway");
        assertThat(once.events.get(0)).contains("streamtype=error").contains("port=8080").contains("requestid=0");
        assertThat(once.events.get(1)).startsWith("open 3 ").contains("streamtype=data");
        assertThat(once.events.get(4)).startsWith("open 5 ").contains("port=9090").endsWith(" fin");
    }

    @Test
    void aDecompressionBombIsRefusedAtItsCap() {
        SpdyWriter writer = new SpdyWriter();
        byte[] frame = writer.synStream(1, Map.of("streamtype", "a".repeat(SpdyReader.MAX_HEADERS * 4)), false);
        assertThat(frame.length).as("compressed, it is small").isLessThan(SpdyReader.MAX_CONTROL);

        assertThatThrownBy(() -> new SpdyReader(new Seen()).read(frame, 0, frame.length))
                .isInstanceOf(SpdyReader.Malformed.class).hasMessageContaining("header block of more than");
    }

    @Test
    void whatIsNotSpdy3IsRefused() {
        SpdyWriter writer = new SpdyWriter();
        Map<String, byte[]> malformed = new LinkedHashMap<>();
        malformed.put("SPDY version 2", SpdyWriter.control(2, SpdyReader.PING, 0, new byte[4]));
        malformed.put("control frame type 5", SpdyWriter.control(3, 5, 0, new byte[0]));
        malformed.put("control frame type 65535", SpdyWriter.control(3, 0xffff, 0, new byte[4]));
        malformed.put("a control frame of", ByteBuffer.allocate(8).putInt(0x80030006).putInt(SpdyReader.MAX_CONTROL + 1).array());
        malformed.put("a data frame on stream 0", SpdyWriter.data(0, new byte[3], 0, 3, false));
        malformed.put("SYN_STREAM on stream 0", writer.synStream(0, Map.of("port", "1"), false));
        malformed.put("SYN_STREAM of 6 bytes", SpdyWriter.control(3, SpdyReader.SYN_STREAM, 0, new byte[6]));
        malformed.put("RST_STREAM of 4 bytes", SpdyWriter.control(3, SpdyReader.RST_STREAM, 0, ByteBuffer.allocate(4).putInt(1).array()));
        malformed.put("SETTINGS with 2 entries", SpdyWriter.control(3, SpdyReader.SETTINGS, 0, ByteBuffer.allocate(12).putInt(2).array()));
        malformed.put("SETTINGS with 4294967295 entries", SpdyWriter.control(3, SpdyReader.SETTINGS, 0, ByteBuffer.allocate(4).putInt(-1).array()));
        malformed.put("does not inflate", SpdyWriter.control(3, SpdyReader.SYN_REPLY, 0, ByteBuffer.allocate(12).putInt(1).putInt(0x12345678).putInt(7).array()));
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i <= SpdyReader.MAX_HEADER_PAIRS; i++) {
            many.put("h" + i, "v");
        }
        malformed.put("65 headers", new SpdyWriter().synStream(1, many, false));
        malformed.put("header block cut", headerBlockFrame(ByteBuffer.allocate(6).putInt(1).putShort((short) 0).array()));
        malformed.put("longer than its block", headerBlockFrame(ByteBuffer.allocate(12).putInt(1).putInt(50).putInt(0).array()));
        malformed.put("bytes after the headers", headerBlockFrame(ByteBuffer.allocate(6).putInt(0).putShort((short) 9).array()));
        malformed.put("header x twice", headerBlockFrame(ByteBuffer.allocate(28).putInt(2).putInt(1).put((byte) 'x')
                .putInt(1).put((byte) 'a').putInt(1).put((byte) 'x').putInt(1).put((byte) 'b').array()));

        malformed.forEach((expected, frame) -> assertThatThrownBy(() -> new SpdyReader(new Seen()).read(frame, 0, frame.length))
                .as(expected).isInstanceOf(SpdyReader.Malformed.class).hasMessageContaining(expected));
    }

    /** A SYN_REPLY on stream 1 whose header block inflates to {@code plain}. */
    private static byte[] headerBlockFrame(byte[] plain) {
        byte[] block = new SpdyWriter().deflate(plain, plain.length);
        return SpdyWriter.control(3, SpdyReader.SYN_REPLY, 0, ByteBuffer.allocate(4 + block.length).putInt(1).put(block).array());
    }
}
