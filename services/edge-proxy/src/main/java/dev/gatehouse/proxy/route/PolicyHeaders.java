package dev.gatehouse.proxy.route;

import org.springframework.http.HttpHeaders;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request headers policy rules may test ({@code http.headers}), lower-cased. The caller's own
 * credentials never leave the proxy, and the set is bounded so a request cannot inflate every
 * decision round trip.
 */
final class PolicyHeaders {

    private static final Set<String> WITHHELD = Set.of("authorization", "proxy-authorization", "cookie",
            "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");
    private static final int MAX_HEADERS = 64;
    private static final int MAX_VALUE_LENGTH = 1024;

    private PolicyHeaders() {
    }

    static Map<String, String> of(HttpHeaders headers) {
        Map<String, String> selected = new HashMap<>();
        for (String name : headers.headerNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (WITHHELD.contains(lower) || selected.size() >= MAX_HEADERS) {
                continue;
            }
            String value = String.join(", ", headers.getOrEmpty(name));
            selected.put(lower, value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) : value);
        }
        return selected;
    }
}
