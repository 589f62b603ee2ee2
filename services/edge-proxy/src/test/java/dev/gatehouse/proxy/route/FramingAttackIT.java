package dev.gatehouse.proxy.route;

import dev.gatehouse.proxy.support.Curl;
import dev.gatehouse.proxy.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, HTTP: nothing reaches the upstream before the request's head and framing are validated and
 * its whole body has arrived intact. Each attack goes over a raw socket; the upstream records every
 * connection and byte, and must have seen none.
 */
class FramingAttackIT extends HttpAttackTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "5\r\nhello\r\nZZ\r\nworld\r\n0\r\n\r\n",          // chunk size is not hex
            "5\r\nhello\r\n-1\r\nx\r\n0\r\n\r\n",              // negative chunk size
            "5\r\nhelloXX3\r\nabc\r\n0\r\n\r\n",               // chunk data longer than its size, no CRLF after it
            "fffffffffffffffff\r\nx\r\n0\r\n\r\n"})            // chunk size overflows
    void aMalformedChunkedBodyIs400AndNotAByteOfTheRequestReachesTheUpstream(String chunks) {
        allowOnly("POST");

        RawHttp.Response response = upstreamUntouchedBy(() -> raw(RawHttp.head("POST", "/proxy/frame-chunks/orders",
                bearer(), "Content-Type: text/plain", "Transfer-Encoding: chunked") + chunks));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.body()).contains("\"type\":\"https://gatehouse.dev/problems/invalid-request\"");
        assertThat(response.closed()).as("the rest of a broken stream is never read as another request").isTrue();
    }

    @Test
    void aBodyCutShortIsNeverForwarded() {
        allowOnly("POST");

        RawHttp.Response response = upstreamUntouchedBy(() -> RawHttp.exchangeThenHalfClose(port,
                RawHttp.head("POST", "/proxy/frame-short/orders", bearer(), "Content-Type: text/plain",
                        "Transfer-Encoding: chunked") + "5\r\nhello\r\n"));

        assertThat(response == null || response.status() == 400).as("no answer, or 400").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Content-Length: 5\r\nTransfer-Encoding: chunked",
            "Transfer-Encoding: chunked\r\nContent-Length: 5",
            "Content-Length: 5\r\nContent-Length: 5",
            "Content-Length: 5\r\nContent-Length: 6",
            "Content-Length: 5, 5",
            "Content-Length: +5",
            "Transfer-Encoding: gzip, chunked",
            "Transfer-Encoding: chunked, gzip",
            "Transfer-Encoding: xchunked",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            "Transfer-Encoding: identity"})
    void conflictingOrUnknownFramingIs400BeforeAnythingIsForwarded(String framing) {
        allowOnly("POST");
        String body = "5\r\nhello\r\n0\r\n\r\n";

        RawHttp.Response response = upstreamUntouchedBy(() -> raw(RawHttp.head("POST", "/proxy/frame-head/orders",
                bearer(), "Content-Type: text/plain", framing) + body));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.closed()).as("a body whose end is unknown is never parsed as the next request").isTrue();
    }

    @Test
    void aBodyOverTheLimitIs413AndNeverForwardedWhateverItsFraming() throws IOException {
        allowOnly("POST");
        Path file = Files.createTempFile("over-limit", ".bin");
        Files.write(file, new byte[1024 * 1024 + 1]);

        Curl sized = upstreamUntouchedBy(() -> curl("--data-binary", "@" + file, proxyUrl("/proxy/frame-big/upload")));
        Curl chunked = upstreamUntouchedBy(() -> curl("-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file,
                proxyUrl("/proxy/frame-big/upload")));

        assertThat(sized.status()).isEqualTo(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.body()).contains("\"type\":\"https://gatehouse.dev/problems/invalid-request\"");
    }

    @Test
    void aLargeBodySentWithExpectContinueArrivesWhole() throws IOException {
        allowOnly("POST");
        Path file = Files.createTempFile("near-limit", ".bin");
        byte[] body = new byte[1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'g');
        Files.write(file, body);

        Curl response = curl("-H", "Expect: 100-continue", "-H", "Transfer-Encoding: chunked", "--data-binary",
                "@" + file, proxyUrl("/proxy/frame-large/upload"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().body()).hasSize(body.length).isEqualTo(body);
        assertThat(UPSTREAM.last().header("Content-Length")).isEqualTo(String.valueOf(body.length));
    }

    @Test
    void aWellFramedChunkedBodyIsForwardedWithItsExactLength() {
        allowOnly("POST");

        RawHttp.Response response = raw(RawHttp.head("POST", "/proxy/frame-ok/orders", bearer(),
                "Content-Type: text/plain", "Transfer-Encoding: chunked") + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(UPSTREAM.last().bodyText()).isEqualTo("hello world");
        assertThat(UPSTREAM.last().header("Content-Length")).isEqualTo("11");
        assertThat(UPSTREAM.last().header("Transfer-Encoding")).isNull();
    }
}
