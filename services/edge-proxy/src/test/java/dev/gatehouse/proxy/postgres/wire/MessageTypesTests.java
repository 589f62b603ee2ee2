package dev.gatehouse.proxy.postgres.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTypesTests {

    @Test
    void theSameByteIsAnotherMessageInEachDirection() {
        assertThat(FrontendMessage.of('D')).isEqualTo(FrontendMessage.DESCRIBE);
        assertThat(BackendMessage.of('D')).isEqualTo(BackendMessage.DATA_ROW);
        assertThat(FrontendMessage.of('E')).isEqualTo(FrontendMessage.EXECUTE);
        assertThat(BackendMessage.of('E')).isEqualTo(BackendMessage.ERROR_RESPONSE);
        assertThat(FrontendMessage.of('C')).isEqualTo(FrontendMessage.CLOSE);
        assertThat(BackendMessage.of('C')).isEqualTo(BackendMessage.COMMAND_COMPLETE);
    }

    @Test
    void everyTypeRoundTripsAndAnythingElseIsUnknown() {
        for (FrontendMessage message : FrontendMessage.values()) {
            if (message != FrontendMessage.UNKNOWN) {
                assertThat(FrontendMessage.of((char) message.type)).isEqualTo(message);
            }
        }
        for (BackendMessage message : BackendMessage.values()) {
            if (message != BackendMessage.UNKNOWN) {
                assertThat(BackendMessage.of((char) message.type)).isEqualTo(message);
            }
        }
        assertThat(FrontendMessage.of('Y')).isEqualTo(FrontendMessage.UNKNOWN);
        assertThat(FrontendMessage.of('\0')).isEqualTo(FrontendMessage.UNKNOWN);
        assertThat(BackendMessage.of('Y')).isEqualTo(BackendMessage.UNKNOWN);
        assertThat(BackendMessage.of((char) 0xff)).isEqualTo(BackendMessage.UNKNOWN);
        assertThat(BackendMessage.of('\u20ac')).as("beyond a byte").isEqualTo(BackendMessage.UNKNOWN);
    }

    @Test
    void aFramesTypeByteAboveAsciiIsUnknownNotAnIndexError() {
        PgFrame frame = new PgFrame((byte) 0xC3, io.netty.buffer.Unpooled.buffer().writeByte(0xC3).writeInt(4), 5);
        assertThat(frame.frontend()).isEqualTo(FrontendMessage.UNKNOWN);
        assertThat(frame.backend()).isEqualTo(BackendMessage.UNKNOWN);
        frame.release();
    }
}
