package dev.gatehouse.proxy.route;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;

/**
 * Frames a response whose body masking may change in length. Without {@code Content-Length} and without
 * {@code Transfer-Encoding}, an HTTP/1.1 body can only end when the connection closes: Reactor Netty
 * then answers {@code connection: close} and every request of a caller costs a new TCP connection. The
 * body goes out chunked instead, which keeps the connection. Responses that never carry a body (a HEAD's,
 * 1xx, 204, 304) keep their headers as they are: there chunking would announce a body that never comes.
 */
final class ResponseFraming {

    private ResponseFraming() {
    }

    static void chunked(HttpMethod method, HttpStatusCode status, HttpHeaders headers) {
        if (HttpMethod.HEAD.equals(method) || status != null && (status.is1xxInformational()
                || status.value() == 204 || status.value() == 304)) {
            return;
        }
        headers.remove(HttpHeaders.CONTENT_LENGTH);
        headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
    }
}
