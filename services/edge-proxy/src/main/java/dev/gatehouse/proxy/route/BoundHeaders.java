package dev.gatehouse.proxy.route;

import org.springframework.http.HttpHeaders;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The request headers an approval is bound to besides method, path, query and body: those that change
 * what the upstream does with the request (how the body is read, whether a write is conditional, which
 * part it replaces) and those the connection's policy rules inspect ({@code Decision.vary}). An approval
 * for a JSON body does not run the same bytes as a form or a gzip stream, nor without the
 * {@code If-Match} the reviewer saw. Method overrides need no place here: they are gone, turned into the
 * effective method, which is bound. Neither does {@code Transfer-Encoding}: the proxy accepts nothing but
 * {@code chunked} and forwards every body with its length, so it never reaches the upstream.
 * Per-request headers (tracing ids, {@code Prefer}, {@code User-Agent}) are left out, or a retry with the
 * approval could never match.
 */
final class BoundHeaders {

    static final Set<String> MEANINGFUL = Set.of("content-type", "content-encoding", "content-language",
            "content-range", "if-match", "if-none-match", "if-modified-since", "if-unmodified-since");

    private BoundHeaders() {
    }

    static SortedMap<String, String> of(HttpHeaders headers, List<String> vary) {
        SortedMap<String, String> bound = new TreeMap<>();
        for (String name : headers.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (MEANINGFUL.contains(lower) || vary.contains(lower)) {
                bound.merge(lower, String.join(", ", headers.getOrEmpty(name)), (a, b) -> a + ", " + b);
            }
        }
        return bound;
    }
}
