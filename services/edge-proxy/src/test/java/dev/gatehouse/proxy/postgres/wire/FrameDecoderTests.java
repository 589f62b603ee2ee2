package dev.gatehouse.proxy.postgres.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameDecoderTests {

    @Test
    void splitsTypedMessagesEvenWhenTheyArriveByteByByte() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, false));
        ByteBuf query = PgWire.query(Unpooled.buffer().alloc(), "SELECT 1");
        byte[] bytes = new byte[query.readableBytes()];
        query.readBytes(bytes);
        query.release();
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        PgFrame frame = channel.readInbound();
        assertThat(frame.type()).isEqualTo('Q');
        assertThat(Messages.query(frame.body())).isEqualTo("SELECT 1");
        frame.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void refusesAMessageOverTheLimitBeforeReadingIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, false));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{'Q', 0, 0, 8, 0})))
                .isInstanceOf(TooLongFrameException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesALengthBelowTheMinimum() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, false));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{'Q', 0, 0, 0, 3})))
                .isInstanceOf(CorruptedFrameException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void readsOneStartupPacketAndWaitsUntilToldWhatComesNext() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, true));
        ByteBuf twoPackets = Unpooled.buffer().writeInt(8).writeInt(PgWire.SSL_REQUEST).writeInt(8).writeInt(PgWire.SSL_REQUEST);
        channel.writeInbound(twoPackets);
        PgFrame first = channel.readInbound();
        assertThat(first.type()).isEqualTo((char) 0);
        assertThat(first.body().getInt(first.body().readerIndex())).isEqualTo(PgWire.SSL_REQUEST);
        first.release();
        assertThat((Object) channel.readInbound()).as("paused after one startup packet").isNull();
        channel.finishAndReleaseAll();
    }

    @Test
    void refusesAnOversizedStartupPacket() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(1024, true));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(1_000_000).writeInt(196608)))
                .isInstanceOf(DecoderException.class);
        channel.finishAndReleaseAll();
    }

    @Test
    void bindFieldsAreCheckedAgainstTheBody() {
        ByteBuf body = Unpooled.buffer();
        PgWire.cstring(body, "");
        PgWire.cstring(body, "s1");
        body.writeShort(0).writeShort(2).writeInt(3).writeBytes("abc".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> Messages.bind(body)).isInstanceOf(MalformedMessage.class);
        body.release();
    }
}
