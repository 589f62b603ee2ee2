package dev.gatehouse.proxy.git;

import dev.gatehouse.model.GitRefUpdate;
import dev.gatehouse.proxy.problem.ProblemWriter;
import dev.gatehouse.proxy.route.ProxyRequestFilter;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

import static dev.gatehouse.proxy.git.PktLineCommandsTests.A;
import static dev.gatehouse.proxy.git.PktLineCommandsTests.B;
import static dev.gatehouse.proxy.git.PktLineCommandsTests.ZERO;
import static dev.gatehouse.proxy.git.PktLineCommandsTests.body;
import static dev.gatehouse.proxy.git.PktLineCommandsTests.pkt;
import static org.assertj.core.api.Assertions.assertThat;

class GitPushInspectionFilterTests {

    private static final String PUSH_PATH = "/proxy/git-conn/acme/app.git/git-receive-pack";
    private static final byte[] PUSH = body(pkt(ZERO + " " + A + " refs/heads/feature\0report-status"),
            pkt(B + " " + ZERO + " refs/heads/old"), "0000", "PACK\0\0\0\2 binary pack data \u00ff");

    private final GitPushInspectionFilter filter = new GitPushInspectionFilter(
            new GitProperties(DataSize.ofKilobytes(4)), new ProblemWriter());
    private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();
    private final GatewayFilterChain chain = exchange -> {
        forwarded.set(exchange);
        return Mono.empty();
    };

    @Test
    void runsBeforeTheFilterThatAsksThePolicy() {
        assertThat(filter.getOrder()).isLessThan(ProxyRequestFilter.ORDER);
    }

    @Test
    void putsTheRefUpdatesOnTheExchangeAndForwardsTheOriginalBody() {
        // Given a push
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .header(HttpHeaders.CONTENT_TYPE, "application/x-git-receive-pack-request").body(flux(PUSH)));

        // When the filter runs
        filter.filter(exchange, chain).block();

        // Then the updates are known and the target receives the same bytes
        List<GitRefUpdate> updates = exchange.getAttribute(GitPushInspectionFilter.REF_UPDATES);
        assertThat(updates).containsExactly(new GitRefUpdate("refs/heads/feature", ZERO, A),
                new GitRefUpdate("refs/heads/old", B, ZERO));
        assertThat(bytes(forwarded.get().getRequest().getBody())).isEqualTo(PUSH);
        assertThat(bytes(forwarded.get().getRequest().getBody())).as("replayable").isEqualTo(PUSH);
    }

    @Test
    void readsAGzipBodyThroughAnInflatedCopyAndForwardsItStillCompressed() throws IOException {
        byte[] gzipped = gzip(PUSH);
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .header(HttpHeaders.CONTENT_ENCODING, "gzip").body(flux(gzipped)));

        filter.filter(exchange, chain).block();

        assertThat(exchange.<List<GitRefUpdate>>getAttribute(GitPushInspectionFilter.REF_UPDATES)).hasSize(2);
        assertThat(bytes(forwarded.get().getRequest().getBody())).isEqualTo(gzipped);
    }

    @Test
    void refusesAMalformedPushWithAProblemAndForwardsNothing() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .body(flux(body(pkt("garbage\0caps"), "0000"))));

        filter.filter(exchange, chain).block();

        assertProblem(exchange, HttpStatus.BAD_REQUEST, "malformed");
    }

    @Test
    void refusesABodyThatIsNotGzipThoughItSaysSo() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .header(HttpHeaders.CONTENT_ENCODING, "gzip").body(flux(PUSH)));

        filter.filter(exchange, chain).block();

        assertProblem(exchange, HttpStatus.BAD_REQUEST, "inflated");
    }

    @Test
    void refusesPushesOverTheLimitByHeaderOrByBody() throws IOException {
        byte[] big = new byte[5 * 1024];
        MockServerWebExchange declared = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .contentLength(big.length).body(flux(big)));
        MockServerWebExchange streamed = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .body(Flux.just(buffer(new byte[3 * 1024]), buffer(new byte[3 * 1024]))));
        byte[] bomb = gzip(body(pkt(ZERO + " " + A + " refs/heads/x\0"), pkt(ZERO + " " + A + " refs/heads/"
                + "y".repeat(60_000)), "0000"));
        MockServerWebExchange inflated = MockServerWebExchange.from(MockServerHttpRequest.post(PUSH_PATH)
                .header(HttpHeaders.CONTENT_ENCODING, "gzip").body(flux(bomb)));

        for (MockServerWebExchange exchange : List.of(declared, streamed, inflated)) {
            filter.filter(exchange, chain).block();
            assertProblem(exchange, HttpStatus.CONTENT_TOO_LARGE, "larger");
        }
    }

    @Test
    void leavesEveryOtherRequestAlone() {
        for (MockServerHttpRequest request : List.of(
                MockServerHttpRequest.get("/proxy/git-conn/app.git/info/refs?service=git-receive-pack").build(),
                MockServerHttpRequest.post("/proxy/git-conn/app.git/git-upload-pack").body(flux(PUSH)),
                MockServerHttpRequest.post("/elsewhere/git-receive-pack").body(flux(PUSH)))) {
            MockServerWebExchange exchange = MockServerWebExchange.from(request);
            forwarded.set(null);

            filter.filter(exchange, chain).block();

            assertThat(forwarded.get()).isSameAs(exchange);
            assertThat(exchange.<Object>getAttribute(GitPushInspectionFilter.REF_UPDATES)).isNull();
        }
    }

    private void assertProblem(MockServerWebExchange exchange, HttpStatus status, String detail) {
        assertThat(forwarded.get()).isNull();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(status);
        assertThat(exchange.getResponse().getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"https://gatehouse.dev/problems/invalid-request\"")
                .contains("\"status\":" + status.value()).contains(detail);
    }

    private static Flux<DataBuffer> flux(byte[] bytes) {
        return Flux.just(buffer(bytes));
    }

    private static DataBuffer buffer(byte[] bytes) {
        return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
    }

    private static byte[] bytes(Flux<DataBuffer> body) {
        return DataBufferUtils.join(body).map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).block();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }
}
