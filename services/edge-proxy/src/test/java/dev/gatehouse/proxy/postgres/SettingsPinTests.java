package dev.gatehouse.proxy.postgres;

import dev.gatehouse.proxy.postgres.wire.PgFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsPinTests {

    private final EmbeddedChannel upstream = new EmbeddedChannel();
    private final ResponseQueue pending = new ResponseQueue();

    @Test
    void setsBothSettingsUnderNamesOfItsOwnAndClosesThem() {
        new SettingsPin().write(new UpstreamLink(upstream), pending);
        upstream.flush();

        List<String> messages = messages(upstream.readOutbound());

        assertThat(messages).hasSize(8);
        assertThat(messages.get(0)).startsWith("P gatehouse pin \u00011|SET client_encoding = 'UTF8'|");
        assertThat(messages.get(1)).startsWith("B gatehouse pin \u00011|gatehouse pin \u00011|");
        assertThat(messages.get(2)).startsWith("E gatehouse pin \u00011|");
        assertThat(messages.get(3)).startsWith("P gatehouse pin \u00012|SET standard_conforming_strings = on|");
        assertThat(messages.get(6)).isEqualTo("C Sgatehouse pin \u00011|");
        assertThat(messages.get(7)).isEqualTo("C Sgatehouse pin \u00012|");
        assertThat(pending).hasSize(8).allMatch(entry -> entry.kind == Pending.Kind.PIN);
    }

    @Test
    void itsAnswersAreDroppedAnErrorIsNot() {
        pending.add(Pending.of(Pending.Kind.PIN));
        pending.add(Pending.of(Pending.Kind.PIN));
        pending.add(Pending.of(Pending.Kind.PARSE));

        assertThat(SettingsPin.answers(frame('1'), pending)).isTrue();
        assertThat(SettingsPin.answers(frame('E'), pending)).as("the result flow reports it").isFalse();
        assertThat(SettingsPin.answers(frame('C'), pending)).isTrue();
        assertThat(SettingsPin.answers(frame('1'), pending)).as("the client's own ParseComplete").isFalse();
        assertThat(pending).hasSize(1);
    }

    /** Each message as "type body" with NULs shown as '|'. */
    private static List<String> messages(ByteBuf out) {
        List<String> messages = new ArrayList<>();
        while (out.isReadable()) {
            char type = (char) out.readByte();
            byte[] body = new byte[out.readInt() - 4];
            out.readBytes(body);
            messages.add(type + " " + new String(body, StandardCharsets.UTF_8).replace('\0', '|'));
        }
        out.release();
        return messages;
    }

    private static PgFrame frame(char type) {
        return new PgFrame((byte) type, Unpooled.buffer().writeByte(type).writeInt(4), 5);
    }
}
