package dev.gatehouse.proxy.git;

import dev.gatehouse.model.GitRefUpdate;
import dev.gatehouse.model.ProblemTypes;
import dev.gatehouse.proxy.problem.ProblemWriter;
import dev.gatehouse.proxy.exchange.ExchangeAttributes;
import dev.gatehouse.proxy.exchange.MalformedRequestBody;
import dev.gatehouse.proxy.exchange.RequestFilterOrder;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the ref updates of a git push ({@code POST /proxy/{connection}/.../git-receive-pack}) before
 * the policy is asked, so that a rule can name branches and actions (create, update, delete). The body
 * is read once, up to {@code gatehouse.proxy.git.max-push-bytes}, parsed (a gzip body through an
 * inflated copy) and then replayed byte for byte to the target. The updates go into the exchange
 * attribute {@link ExchangeAttributes#REF_UPDATES}. Larger bodies are refused with 413, unreadable ones with 400.
 */
@Component
public class GitPushInspectionFilter implements GlobalFilter, Ordered {

    /**
     * Before the proxy request filter, which builds the operation the policy decides on, and before the
     * request preparation, which takes the push body read here ({@link ExchangeAttributes#BUFFERED_BODY})
     * instead of reading its own (a push may be larger than other request bodies).
     */
    public static final int ORDER = RequestFilterOrder.GIT_PUSH_INSPECTION;

    /** Exchange attribute holding the {@code List<GitRefUpdate>} of a push. */
    public static final String REF_UPDATES = ExchangeAttributes.REF_UPDATES;

    private static final String PROXY_PREFIX = "/proxy/";
    private static final String RECEIVE_PACK = "/git-receive-pack";

    private final GitProperties properties;
    private final ProblemWriter problems;

    GitPushInspectionFilter(GitProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getURI().getRawPath();
        if (request.getMethod() != HttpMethod.POST || path == null || !path.startsWith(PROXY_PREFIX)
                || !path.endsWith(RECEIVE_PACK)) {
            return chain.filter(exchange);
        }
        if (request.getHeaders().getContentLength() > properties.maxPushBytes().toBytes()) {
            return tooLarge(exchange);
        }
        return DataBufferUtils.join(request.getBody(), properties.maxPushBytesAsInt())
                .map(GitPushInspectionFilter::copyAndRelease)
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> inspect(exchange, chain, body))
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange))
                .onErrorResume(MalformedRequestBody.class, e -> {
                    // the rest of a broken stream is never read as another request
                    exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
                    return invalid(exchange, "the request body's chunked framing is malformed");
                });
    }

    private Mono<Void> inspect(ServerWebExchange exchange, GatewayFilterChain chain, byte[] body) {
        List<GitRefUpdate> updates;
        try (InputStream commands = decoded(exchange.getRequest().getHeaders(), body)) {
            updates = PktLineCommands.parse(commands);
        } catch (MalformedPktLine e) {
            return invalid(exchange, "the push request is malformed: " + e.getMessage());
        } catch (BodyTooLarge e) {
            return tooLarge(exchange);
        } catch (UnsupportedEncoding e) {
            return invalid(exchange, "a push body must be sent as is or gzip-encoded");
        } catch (IOException e) {
            return invalid(exchange, "the gzip-encoded push body could not be inflated");
        }
        exchange.getAttributes().put(REF_UPDATES, updates);
        exchange.getAttributes().put(ExchangeAttributes.BUFFERED_BODY, body);
        ServerHttpRequest replay = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                // a fresh buffer per subscription; wrapping the array allocates nothing to release
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
        return chain.filter(exchange.mutate().request(replay).build());
    }

    /** The body as the pkt-line parser must read it; a gzip body is inflated, bounded like the raw body. */
    private InputStream decoded(HttpHeaders headers, byte[] body) throws IOException {
        String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        InputStream raw = new ByteArrayInputStream(body);
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        if (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip")) {
            return new BoundedInputStream(new GZIPInputStream(raw), properties.maxPushBytes().toBytes());
        }
        throw new UnsupportedEncoding();
    }

    private static byte[] copyAndRelease(DataBuffer joined) {
        try {
            byte[] bytes = new byte[joined.readableByteCount()];
            joined.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(joined);
        }
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.INVALID_REQUEST,
                "the push is larger than the proxy inspects (gatehouse.proxy.git.max-push-bytes)");
    }

    private Mono<Void> invalid(ServerWebExchange exchange, String detail) {
        return problems.write(exchange, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, detail);
    }

    private static final class UnsupportedEncoding extends IOException {
        UnsupportedEncoding() {
            super(null, null);
        }
    }
}
