package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.exchange.MalformedRequestBody;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.springframework.http.HttpStatus;

import java.util.List;
import java.util.Map;

/**
 * Sits right after Netty's HTTP/1.1 codec, before Reactor Netty hands a request to WebFlux, and keeps
 * ambiguous framing from ever becoming a request: a head the codec could not parse (duplicate or
 * conflicting Content-Length, Content-Length with Transfer-Encoding, ...) or a Transfer-Encoding other
 * than exactly {@code chunked} (a front end and a back end that disagree on where a body ends is request
 * smuggling) is answered 400 problem+json here and the connection closed, so no later byte is read as a
 * request. A body whose chunks break midway would otherwise end as a normal, shorter body (Reactor Netty
 * answers 400 but completes the stream the proxy is forwarding); it becomes a {@link MalformedRequestBody}
 * error in the body's stream instead. One per connection.
 */
final class RequestFramingGuard extends ChannelInboundHandlerAdapter {

    static final String NAME = "gatehouse.requestFramingGuard";

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            // Whatever follows a refused message on this connection is never a request.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            String problem = headProblem(request);
            if (problem != null) {
                refused = true;
                ReferenceCountUtil.release(msg);
                refuse(ctx, problem);
                return;
            }
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            refused = true;
            ReferenceCountUtil.release(msg);
            ctx.fireExceptionCaught(new MalformedRequestBody());
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** Why this head's framing is refused, or {@code null}. */
    static String headProblem(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return "the request head could not be parsed (conflicting or malformed Content-Length or Transfer-Encoding)";
        }
        HttpHeaders headers = request.headers();
        List<String> transferEncodings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (transferEncodings.isEmpty()) {
            return headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1 ? "more than one Content-Length" : null;
        }
        if (transferEncodings.size() > 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(transferEncodings.getFirst().trim())) {
            return "Transfer-Encoding must be exactly chunked";
        }
        return headers.contains(HttpHeaderNames.CONTENT_LENGTH) ? "Content-Length together with Transfer-Encoding" : null;
    }

    private static void refuse(ChannelHandlerContext ctx, String detail) {
        byte[] body = ProblemWriter.body(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail, Map.of());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
