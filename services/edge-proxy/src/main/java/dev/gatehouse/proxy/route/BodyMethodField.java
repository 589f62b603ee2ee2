package dev.gatehouse.proxy.route;

import org.springframework.http.MediaType;

import java.nio.charset.StandardCharsets;

/**
 * A {@code _method} field in a body the proxy does not rewrite: a multipart form (Rails and Laravel read
 * it there too) or JSON (Laravel reads its input, JSON included, for {@code _method}). Such a request is
 * refused rather than forwarded with a method the policy never saw. A cheap byte search, so a file that
 * merely contains the text is refused too: the caller can send the method itself.
 */
final class BodyMethodField {

    private static final byte[] MULTIPART_NAME = "name=\"_method\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_KEY = "\"_method\"".getBytes(StandardCharsets.US_ASCII);

    private BodyMethodField() {
    }

    /** {@code mediaType}: the Content-Type before any parameter, lower-case ({@code ""} when absent). */
    static boolean present(String mediaType, byte[] body) {
        if (body.length == 0) {
            return false;
        }
        if (mediaType.equals(MediaType.MULTIPART_FORM_DATA_VALUE)) {
            return indexOf(body, MULTIPART_NAME) >= 0;
        }
        boolean json = mediaType.equals(MediaType.APPLICATION_JSON_VALUE) || mediaType.endsWith("+json");
        return json && indexOf(body, JSON_KEY) >= 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
