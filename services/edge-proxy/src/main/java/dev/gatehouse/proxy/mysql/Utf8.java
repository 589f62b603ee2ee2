package dev.gatehouse.proxy.mysql;

import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Statement text is decided as UTF-8: bytes that are not valid UTF-8 are refused, never guessed at. */
final class Utf8 {

    private Utf8() {
    }

    /** The payload from {@code offset} as UTF-8, or null when it is not valid UTF-8. */
    static String strict(ByteBuf payload, int offset) {
        ByteBuffer bytes = payload.nioBuffer(payload.readerIndex() + offset, payload.readableBytes() - offset);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
