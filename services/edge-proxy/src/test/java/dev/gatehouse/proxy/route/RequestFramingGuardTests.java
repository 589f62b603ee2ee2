package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.exchange.MalformedRequestBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFramingGuardTests {

    /** What reaches the handler after the guard (Reactor Netty's place): messages and errors. */
    private static final class Downstream extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                seen.add(request.method() + " " + request.uri());
            }
            if (msg instanceof HttpContent content) {
                seen.add((msg instanceof LastHttpContent ? "last:" : "chunk:")
                        + content.content().toString(StandardCharsets.ISO_8859_1));
            }
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }
    }

    private final Downstream downstream = new Downstream();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(), new RequestFramingGuard(),
            downstream);

    private String send(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
            out.append(written.toString(StandardCharsets.ISO_8859_1));
            written.release();
        }
        return out.toString();
    }

    @Test
    void aWellFramedChunkedRequestPassesUntouched() {
        String answer = send("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");

        assertThat(answer).isEmpty();
        assertThat(downstream.seen).containsExactly("POST /x", "chunk:abc", "last:");
        assertThat(downstream.errors).isEmpty();
        assertThat(channel.isOpen()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Transfer-Encoding: xchunked", "Transfer-Encoding: gzip, chunked",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", "Transfer-Encoding: identity",
            "Content-Length: 3\r\nTransfer-Encoding: chunked", "Content-Length: 3\r\nContent-Length: 3"})
    void ambiguousFramingIsAnswered400ProblemAndTheConnectionClosedBeforeAnyRequestExists(String framing) {
        String answer = send("POST /x HTTP/1.1\r\nHost: h\r\n" + framing + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("content-type: application/problem+json")
                .contains("connection: close")
                .contains("\"type\":\"https://gatehouse.dev/problems/invalid-request\"");
        assertThat(downstream.seen).as("neither request reached the application").isEmpty();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aChunkThatBreaksMidBodyIsAnErrorInTheBodyNotItsEnd() {
        String answer = send("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\nmore\r\n0\r\n\r\n");

        assertThat(answer).isEmpty();
        assertThat(downstream.seen).containsExactly("POST /x", "chunk:abc");
        assertThat(downstream.errors).singleElement().isInstanceOf(MalformedRequestBody.class);
    }
}
